package io.deploymcp.api.auth;

import io.deploymcp.api.db.Database;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** api_keys rows: lookup by hash for authentication, insert and revoke for key management. */
@Singleton
public class ApiKeyRepository {
  public static final String BOOTSTRAP_NAME = "bootstrap";

  private final Database db;

  public ApiKeyRepository(Database db) {
    this.db = db;
  }

  public Optional<StoredKey> findByHash(byte[] hash) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select k.id, k.tenant_id, t.name as tenant_name, k.prefix, k.name, k.scopes,"
                      + " k.services, k.project, k.expires_at, k.revoked_at"
                      + " from api_keys k join tenants t on t.id = k.tenant_id where k.key_hash = ?")) {
            ps.setBytes(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new StoredKey(
                      rs.getObject("id", UUID.class),
                      rs.getObject("tenant_id", UUID.class),
                      rs.getString("tenant_name"),
                      rs.getString("prefix"),
                      rs.getString("name"),
                      scopes(rs.getArray("scopes")),
                      restriction(rs),
                      instant(rs.getTimestamp("expires_at")),
                      instant(rs.getTimestamp("revoked_at"))));
            }
          }
        });
  }

  /** Inserts a key; returns false when a key with this hash or prefix already exists. */
  public boolean insert(
      Connection c,
      UUID id,
      UUID tenantId,
      String name,
      String prefix,
      byte[] hash,
      Set<Scope> scopes,
      Instant expiresAt)
      throws SQLException {
    return insert(c, id, tenantId, name, prefix, hash, scopes, KeyRestriction.NONE, expiresAt);
  }

  /** Inserts a key restricted to services and/or a project; false on a hash or prefix clash. */
  public boolean insert(
      Connection c,
      UUID id,
      UUID tenantId,
      String name,
      String prefix,
      byte[] hash,
      Set<Scope> scopes,
      KeyRestriction restriction,
      Instant expiresAt)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into api_keys (id, tenant_id, name, prefix, key_hash, scopes, expires_at, services, project)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing")) {
      ps.setObject(1, id);
      ps.setObject(2, tenantId);
      ps.setString(3, name);
      ps.setString(4, prefix);
      ps.setBytes(5, hash);
      ps.setArray(6, c.createArrayOf("text", scopes.stream().map(Scope::wireName).toArray()));
      ps.setTimestamp(7, expiresAt == null ? null : Timestamp.from(expiresAt));
      ps.setArray(8, restriction.services() == null ? null : c.createArrayOf("text", restriction.services().toArray()));
      ps.setString(9, restriction.project());
      return ps.executeUpdate() == 1;
    }
  }

  /** Records use; called at most once a minute per key by {@link LastUsedRecorder}. */
  public void touch(UUID id) {
    db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("update api_keys set last_used_at = now() where id = ?")) {
            ps.setObject(1, id);
            return ps.executeUpdate();
          }
        });
  }

  /** Keys of a tenant, newest first (there are few; no paging). */
  public List<KeyListing> list(UUID tenantId) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select id, name, prefix, scopes, services, project, expires_at, last_used_at, revoked_at, created_at"
                      + " from api_keys where tenant_id = ? order by created_at desc, id limit 1000")) {
            ps.setObject(1, tenantId);
            List<KeyListing> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new KeyListing(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        rs.getString("prefix"),
                        scopes(rs.getArray("scopes")),
                        restriction(rs),
                        instant(rs.getTimestamp("expires_at")),
                        instant(rs.getTimestamp("last_used_at")),
                        instant(rs.getTimestamp("revoked_at")),
                        instant(rs.getTimestamp("created_at"))));
              }
            }
            return out;
          }
        });
  }

  /** Revokes a key of the tenant; false when there is no such live key. */
  public boolean revoke(UUID tenantId, UUID id) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "update api_keys set revoked_at = now() where tenant_id = ? and id = ? and revoked_at is null")) {
            ps.setObject(1, tenantId);
            ps.setObject(2, id);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /** Revokes older bootstrap keys of the tenant that differ from the configured one. */
  public int revokeOtherBootstrapKeys(Connection c, UUID tenantId, byte[] currentHash) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "update api_keys set revoked_at = now() where tenant_id = ? and name = ?"
                + " and key_hash <> ? and revoked_at is null")) {
      ps.setObject(1, tenantId);
      ps.setString(2, BOOTSTRAP_NAME);
      ps.setBytes(3, currentHash);
      return ps.executeUpdate();
    }
  }

  public static Set<Scope> scopes(Array array) throws SQLException {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    if (array != null) {
      for (Object o : (Object[]) array.getArray()) {
        Scope.fromWireName(String.valueOf(o)).ifPresent(scopes::add);
      }
    }
    return scopes;
  }

  private static KeyRestriction restriction(ResultSet rs) throws SQLException {
    Array services = rs.getArray("services");
    List<String> names = null;
    if (services != null) {
      names = new ArrayList<>();
      for (Object o : (Object[]) services.getArray()) {
        names.add(String.valueOf(o));
      }
    }
    return new KeyRestriction(names, rs.getString("project"));
  }

  public static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
