package io.deploymcp.api.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deploymcp.api.db.Database;
import io.deploymcp.api.paging.Page;
import io.deploymcp.api.paging.PageRequest;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads a tenant's audit log, newest first; the cursor is the last id. */
@Singleton
public class AuditRepository {
  private final Database db;
  private final ObjectMapper json;

  public AuditRepository(Database db, ObjectMapper json) {
    this.db = db;
    this.json = json;
  }

  public Page<AuditEntryView> list(UUID tenantId, PageRequest page) {
    long after;
    try {
      after = page.first() ? Long.MAX_VALUE : Long.parseLong(page.after().getFirst());
    } catch (NumberFormatException e) {
      throw PageRequest.invalidCursor();
    }
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select id, actor, client, action, target, outcome, detail::text as detail, created_at from audit_log"
                      + " where tenant_id = ? and id < ? order by id desc limit ?")) {
            ps.setObject(1, tenantId);
            ps.setLong(2, after);
            ps.setInt(3, page.limit() + 1);
            List<AuditEntryView> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                rows.add(
                    new AuditEntryView(
                        rs.getLong("id"),
                        rs.getString("actor"),
                        rs.getString("client"),
                        rs.getString("action"),
                        rs.getString("target"),
                        rs.getString("outcome"),
                        parse(rs.getString("detail")),
                        rs.getTimestamp("created_at").toInstant()));
              }
            }
            return page.page(rows, e -> List.of(Long.toString(e.id())));
          }
        });
  }

  private com.fasterxml.jackson.databind.JsonNode parse(String detail) {
    if (detail == null) {
      return null;
    }
    try {
      return json.readTree(detail);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
