package io.deploymcp.api.auth;

import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.db.Database;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.EnumSet;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * DP_BOOTSTRAP_API_KEY: at start, tenant {@code default} and this key (all scopes) exist,
 * however often the API restarts. A changed bootstrap key replaces the previous one.
 */
@Singleton
public class BootstrapKey {
  public static final String TENANT = "default";
  private static final Logger LOG = Logger.getLogger(BootstrapKey.class);

  private final ApiConfig config;
  private final Database db;
  private final ApiKeyRepository keys;

  public BootstrapKey(ApiConfig config, Database db, ApiKeyRepository keys) {
    this.config = config;
    this.db = db;
    this.keys = keys;
  }

  void onStart(@Observes StartupEvent event) {
    config.bootstrapApiKey().map(String::trim).filter(k -> !k.isEmpty()).ifPresent(this::ensure);
  }

  void ensure(String key) {
    byte[] hash = ApiKeys.hash(key);
    String prefix = ApiKeys.prefixOf(key);
    db.transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("insert into tenants (id, name) values (?, ?) on conflict (name) do nothing")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, TENANT);
            ps.executeUpdate();
          }
          UUID tenantId;
          try (PreparedStatement ps = c.prepareStatement("select id from tenants where name = ?")) {
            ps.setString(1, TENANT);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              tenantId = rs.getObject(1, UUID.class);
            }
          }
          boolean added =
              keys.insert(
                  c, UUID.randomUUID(), tenantId, ApiKeyRepository.BOOTSTRAP_NAME, prefix, hash,
                  EnumSet.allOf(Scope.class), null);
          int revoked = keys.revokeOtherBootstrapKeys(c, tenantId, hash);
          if (added) {
            LOG.infof("bootstrap API key %s added to tenant %s", prefix, TENANT);
          }
          if (revoked > 0) {
            LOG.infof("revoked %d earlier bootstrap key(s)", revoked);
          }
          return null;
        });
    keys.findByHash(hash)
        .filter(k -> k.revokedAt() != null)
        .ifPresent(k -> LOG.warnf("bootstrap API key %s was revoked through the API and stays revoked", k.prefix()));
  }
}
