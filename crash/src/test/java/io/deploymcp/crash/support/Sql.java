package io.deploymcp.crash.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Direct SQL for the suites' checks: what the platform really wrote, not what it answers. */
public final class Sql {
  private final String url;
  private final String user;

  public Sql(String url, String user) {
    this.url = url;
    this.user = user;
  }

  public List<Map<String, Object>> rows(String sql, Object... args) {
    try (Connection c = DriverManager.getConnection(url, user, "");
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(10);
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<Map<String, Object>> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.put(meta.getColumnLabel(i), rs.getObject(i));
          }
          out.add(row);
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  public Object one(String sql, Object... args) {
    List<Map<String, Object>> rows = rows(sql, args);
    return rows.isEmpty() ? null : rows.getFirst().values().iterator().next();
  }

  public long count(String sql, Object... args) {
    Object n = one(sql, args);
    return n == null ? 0 : ((Number) n).longValue();
  }
}
