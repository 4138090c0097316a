package io.deploymcp.api.webhook;

import io.deploymcp.api.db.Database;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The rows webhooks read and write: services by repository, and handled delivery ids. */
@Singleton
public class WebhookRepository {
  private final Database db;

  public WebhookRepository(Database db) {
    this.db = db;
  }

  /** Live services of every tenant whose repository has one of these keys (see {@link RepoKey}). */
  List<WebhookTarget> byRepoKeys(Collection<String> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select s.id, s.tenant_id, t.name as tenant_name, s.name, s.repo, s.branch, s.root_dir,"
                      + " s.watch_paths, s.github_installation_id, s.webhook_secret_cipher"
                      + " from services s join tenants t on t.id = s.tenant_id"
                      + " where s.deleted_at is null and " + RepoKey.SQL + " = any(?)")) {
            ps.setArray(1, c.createArrayOf("text", keys.toArray(String[]::new)));
            List<WebhookTarget> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new WebhookTarget(
                        rs.getObject("id", UUID.class),
                        rs.getObject("tenant_id", UUID.class),
                        rs.getString("tenant_name"),
                        rs.getString("name"),
                        rs.getString("repo"),
                        rs.getString("branch"),
                        rs.getString("root_dir"),
                        List.of((String[]) rs.getArray("watch_paths").getArray()),
                        rs.getObject("github_installation_id", Long.class),
                        rs.getBytes("webhook_secret_cipher")));
              }
            }
            return out;
          }
        });
  }

  /** Records a delivery id; false when it was handled before (a redelivery). */
  boolean claim(WebhookProvider provider, String deliveryId) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "insert into webhook_deliveries (provider, delivery_id) values (?, ?) on conflict do nothing")) {
            ps.setString(1, provider.wireName());
            ps.setString(2, deliveryId);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /** Forgets a delivery whose deploy could not start, so the host's redelivery tries again. */
  void release(WebhookProvider provider, String deliveryId) {
    db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("delete from webhook_deliveries where provider = ? and delivery_id = ?")) {
            ps.setString(1, provider.wireName());
            ps.setString(2, deliveryId);
            return ps.executeUpdate();
          }
        });
  }

  int purgeOlderThan(Duration age) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "delete from webhook_deliveries where received_at < now() - make_interval(secs => ?)")) {
            ps.setLong(1, age.toSeconds());
            return ps.executeUpdate();
          }
        });
  }
}
