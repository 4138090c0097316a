package io.deploymcp.api.project;

import io.deploymcp.api.auth.KeyRestriction;
import io.deploymcp.api.db.Database;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** projects rows: auto-created on first use, listed with their live service counts. */
@Singleton
public class ProjectRepository {
  private final Database db;

  public ProjectRepository(Database db) {
    this.db = db;
  }

  /** The project's id and whether this call created it. */
  public record Ensured(UUID id, boolean created) {}

  /**
   * Returns the project, creating it when missing. Concurrent first uses race on the
   * (tenant_id, name) unique constraint: the loser waits for the winner and reads its row.
   */
  public Ensured ensure(Connection c, UUID tenantId, String name) throws SQLException {
    UUID id = UUID.randomUUID();
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into projects (id, tenant_id, name) values (?, ?, ?)"
                + " on conflict (tenant_id, name) do nothing")) {
      ps.setObject(1, id);
      ps.setObject(2, tenantId);
      ps.setString(3, name);
      if (ps.executeUpdate() == 1) {
        return new Ensured(id, true);
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("select id from projects where tenant_id = ? and name = ?")) {
      ps.setObject(1, tenantId);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("project vanished while being ensured", "40001");
        }
        return new Ensured(rs.getObject(1, UUID.class), false);
      }
    }
  }

  public boolean exists(UUID tenantId, String name) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("select 1 from projects where tenant_id = ? and name = ?")) {
            ps.setObject(1, tenantId);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  /** Deletes a project this request created, if it still holds no service (compensation). */
  public void deleteIfEmpty(Connection c, UUID projectId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "delete from projects p where p.id = ?"
                + " and not exists (select 1 from services s where s.project_id = p.id)")) {
      ps.setObject(1, projectId);
      ps.executeUpdate();
    }
  }

  public List<ProjectView> list(UUID tenantId) {
    return list(tenantId, KeyRestriction.NONE);
  }

  /**
   * The projects a key restriction admits: its project, or those holding one of its services;
   * counts are of the services it admits.
   */
  public List<ProjectView> list(UUID tenantId, KeyRestriction restriction) {
    String names = restriction.services() == null ? "" : " and s.name = any (?)";
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select * from (select p.name, p.created_at,"
                      + " (select count(*) from services s where s.project_id = p.id and s.deleted_at is null" + names
                      + ") as services from projects p where p.tenant_id = ?"
                      + (restriction.project() == null ? "" : " and p.name = ?")
                      + ") x" + (restriction.services() == null ? "" : " where x.services > 0")
                      + " order by x.name limit 1000")) {
            int i = 1;
            if (restriction.services() != null) {
              ps.setArray(i++, c.createArrayOf("text", restriction.services().toArray()));
            }
            ps.setObject(i++, tenantId);
            if (restriction.project() != null) {
              ps.setString(i, restriction.project());
            }
            try (ResultSet rs = ps.executeQuery()) {
              List<ProjectView> out = new ArrayList<>();
              while (rs.next()) {
                out.add(
                    new ProjectView(
                        rs.getString("name"), rs.getTimestamp("created_at").toInstant(), rs.getInt("services")));
              }
              return out;
            }
          }
        });
  }
}
