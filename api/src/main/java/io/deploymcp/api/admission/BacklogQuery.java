package io.deploymcp.api.admission;

import io.deploymcp.api.db.Database;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Counts the deployments not yet terminal per tenant in one statement. Its filter is the one of
 * V1's partial index {@code deployments_active}, so it reads only that index's (few) entries, not
 * the table's history.
 */
@Singleton
public class BacklogQuery implements BacklogSource {
  private final Database db;

  public BacklogQuery(Database db) {
    this.db = db;
  }

  @Override
  public Backlog read() {
    return db.read(c -> {
      try (PreparedStatement st = c.prepareStatement(
              "select tenant_id, count(*), count(*) filter (where status = 'queued') from deployments"
                  + " where status in ('queued', 'cloning', 'building', 'deploying') group by tenant_id");
          ResultSet rs = st.executeQuery()) {
        Map<UUID, Integer> perTenant = new HashMap<>();
        int total = 0;
        int queued = 0;
        while (rs.next()) {
          int count = rs.getInt(2);
          perTenant.put(rs.getObject(1, UUID.class), count);
          total += count;
          queued += rs.getInt(3);
        }
        return new Backlog(total, perTenant, queued);
      }
    });
  }
}
