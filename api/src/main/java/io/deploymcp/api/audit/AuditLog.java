package io.deploymcp.api.audit;

import io.deploymcp.api.db.Database;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;

/** Appends audit_log rows. */
@Singleton
public class AuditLog {
  private final Database db;

  public AuditLog(Database db) {
    this.db = db;
  }

  public void write(AuditEntry entry) {
    db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "insert into audit_log (tenant_id, api_key_id, actor, client, action, target, outcome, detail)"
                      + " values (?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            ps.setObject(1, entry.tenantId());
            ps.setObject(2, entry.apiKeyId());
            ps.setString(3, entry.actor());
            ps.setString(4, entry.client());
            ps.setString(5, entry.action());
            ps.setString(6, entry.target());
            ps.setString(7, entry.outcome().wireName());
            ps.setString(8, entry.detailJson());
            return ps.executeUpdate();
          }
        });
  }
}
