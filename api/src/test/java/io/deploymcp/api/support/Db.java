package io.deploymcp.api.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Direct SQL for assertions: what the API really wrote, not what it says. */
public final class Db {
  private final DataSource dataSource;

  public Db(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public long count(String sql, Object... args) {
    return ((Number) one(sql, args)).longValue();
  }

  public Object one(String sql, Object... args) {
    List<Object> rows = column(sql, args);
    return rows.isEmpty() ? null : rows.getFirst();
  }

  public List<Object> column(String sql, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<Object> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getObject(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public int update(String sql, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
