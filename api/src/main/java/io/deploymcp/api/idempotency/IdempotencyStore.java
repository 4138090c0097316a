package io.deploymcp.api.idempotency;

import io.deploymcp.api.db.Database;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.util.UUID;

/**
 * idempotency_keys rows, one key space per API key (V8): the same Idempotency-Key from another
 * API key, even of the same tenant, is another request. A key is claimed by inserting its row with no response (the
 * primary key makes concurrent claims race safely), completed with the response, or
 * released when the request failed on our side so that a retry can run. Rows expire after
 * 24 h. An in-flight row claimed more than DP_IDEMPOTENCY_ABANDONED_AFTER ago (default 5 min)
 * belonged to a request whose API process died: the next attempt takes it over, keeping the
 * row's created_at (when the key was first claimed; operations derive ids from it) and moving
 * expires_at (so {@code expires_at - 24 h}, when later than created_at, is when it was last claimed).
 */
@Singleton
public class IdempotencyStore {
  static final Duration TTL = Duration.ofHours(24);

  private final Database db;
  private final Duration abandonedAfter;

  public IdempotencyStore(
      Database db,
      @ConfigProperty(name = "dp.idempotency.abandoned-after", defaultValue = "5m") Duration abandonedAfter) {
    if (abandonedAfter.isNegative() || abandonedAfter.isZero()) {
      throw new IllegalStateException("DP_IDEMPOTENCY_ABANDONED_AFTER must be positive, not " + abandonedAfter);
    }
    this.db = db;
    this.abandonedAfter = abandonedAfter;
  }

  public Claim claim(UUID tenantId, UUID apiKeyId, String key, byte[] requestHash, String method, String path) {
    return db.transaction(
        c -> {
          Optional<Instant> inserted = insert(c, tenantId, apiKeyId, key, requestHash, method, path);
          if (inserted.isPresent()) {
            return new Claim.Granted(inserted.get(), false);
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select request_hash, status, response_body, content_type, created_at,"
                      + " expires_at < now() as expired,"
                      // Last claimed: when inserted, or when taken over (which moved expires_at).
                      + " greatest(created_at, expires_at - make_interval(secs => ?))"
                      + " < now() - make_interval(secs => ?) as abandoned"
                      + " from idempotency_keys where api_key_id = ? and key = ? for update")) {
            ps.setLong(1, TTL.toSeconds());
            ps.setLong(2, abandonedAfter.toSeconds());
            ps.setObject(3, apiKeyId);
            ps.setString(4, key);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                // Deleted between our insert and select: claim it now.
                return insert(c, tenantId, apiKeyId, key, requestHash, method, path)
                    .<Claim>map(at -> new Claim.Granted(at, false))
                    .orElseGet(Claim.InFlight::new);
              }
              boolean expired = rs.getBoolean("expired");
              if (expired) {
                delete(c, apiKeyId, key);
                return insert(c, tenantId, apiKeyId, key, requestHash, method, path)
                    .<Claim>map(at -> new Claim.Granted(at, false))
                    .orElseGet(Claim.InFlight::new);
              }
              if (!MessageDigest.isEqual(rs.getBytes("request_hash"), requestHash)) {
                return new Claim.Reused();
              }
              if (rs.getObject("status") == null) {
                if (!rs.getBoolean("abandoned")) {
                  return new Claim.InFlight();
                }
                Instant firstClaimedAt = rs.getObject("created_at", OffsetDateTime.class).toInstant();
                reclaim(c, apiKeyId, key);
                return new Claim.Granted(firstClaimedAt, true);
              }
              return new Claim.Replay(
                  new StoredResponse(
                      rs.getInt("status"), rs.getString("response_body"), rs.getString("content_type")));
            }
          }
        });
  }

  public void complete(UUID apiKeyId, String key, StoredResponse response) {
    db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "update idempotency_keys set status = ?, response_body = ?, content_type = ?"
                      + " where api_key_id = ? and key = ?")) {
            ps.setInt(1, response.status());
            ps.setString(2, response.body());
            ps.setString(3, response.contentType());
            ps.setObject(4, apiKeyId);
            ps.setString(5, key);
            return ps.executeUpdate();
          }
        });
  }

  public void release(UUID apiKeyId, String key) {
    db.read(c -> delete(c, apiKeyId, key));
  }

  /** Deletes expired rows; returns how many. */
  public int purgeExpired() {
    return db.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("delete from idempotency_keys where expires_at < now()")) {
            return ps.executeUpdate();
          }
        });
  }

  /** Inserts the claim; returns its created_at, or empty when the key is taken. */
  private static Optional<Instant> insert(
      Connection c, UUID tenantId, UUID apiKeyId, String key, byte[] hash, String method, String path)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into idempotency_keys (tenant_id, api_key_id, key, request_hash, method, path, expires_at)"
                + " values (?, ?, ?, ?, ?, ?, now() + make_interval(secs => ?))"
                + " on conflict (api_key_id, key) do nothing returning created_at")) {
      ps.setObject(1, tenantId);
      ps.setObject(2, apiKeyId);
      ps.setString(3, key);
      ps.setBytes(4, hash);
      ps.setString(5, method);
      ps.setString(6, path);
      ps.setLong(7, TTL.toSeconds());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getObject(1, OffsetDateTime.class).toInstant()) : Optional.empty();
      }
    }
  }

  /** Claims an abandoned row again: claimed now (expires_at moves), first claimed as before. */
  private static void reclaim(Connection c, UUID apiKeyId, String key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "update idempotency_keys set expires_at = now() + make_interval(secs => ?)"
                + " where api_key_id = ? and key = ?")) {
      ps.setLong(1, TTL.toSeconds());
      ps.setObject(2, apiKeyId);
      ps.setString(3, key);
      ps.executeUpdate();
    }
  }

  private static int delete(Connection c, UUID apiKeyId, String key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("delete from idempotency_keys where api_key_id = ? and key = ?")) {
      ps.setObject(1, apiKeyId);
      ps.setString(2, key);
      return ps.executeUpdate();
    }
  }
}
