package io.deploymcp.api.idempotency;

import io.deploymcp.api.db.Database;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

/**
 * idempotency_keys rows, one key space per API key (V8): the same Idempotency-Key from another
 * API key, even of the same tenant, is another request. A key is claimed by inserting its row with no response (the
 * primary key makes concurrent claims race safely), completed with the response, or
 * released when the request failed on our side so that a retry can run. Rows expire after
 * 24 h; an in-flight row older than {@link #ABANDONED_AFTER} belonged to a crashed request.
 */
@Singleton
public class IdempotencyStore {
  static final Duration TTL = Duration.ofHours(24);
  static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);

  private final Database db;

  public IdempotencyStore(Database db) {
    this.db = db;
  }

  public Claim claim(UUID tenantId, UUID apiKeyId, String key, byte[] requestHash, String method, String path) {
    return db.transaction(
        c -> {
          if (insert(c, tenantId, apiKeyId, key, requestHash, method, path)) {
            return new Claim.Granted();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select request_hash, status, response_body, content_type,"
                      + " expires_at < now() as expired,"
                      + " created_at < now() - make_interval(secs => ?) as abandoned"
                      + " from idempotency_keys where api_key_id = ? and key = ? for update")) {
            ps.setLong(1, ABANDONED_AFTER.toSeconds());
            ps.setObject(2, apiKeyId);
            ps.setString(3, key);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                // Deleted between our insert and select: claim it now.
                return insert(c, tenantId, apiKeyId, key, requestHash, method, path)
                    ? new Claim.Granted()
                    : new Claim.InFlight();
              }
              boolean expired = rs.getBoolean("expired");
              boolean abandoned = rs.getObject("status") == null && rs.getBoolean("abandoned");
              if (expired || abandoned) {
                delete(c, apiKeyId, key);
                insert(c, tenantId, apiKeyId, key, requestHash, method, path);
                return new Claim.Granted();
              }
              if (!MessageDigest.isEqual(rs.getBytes("request_hash"), requestHash)) {
                return new Claim.Reused();
              }
              if (rs.getObject("status") == null) {
                return new Claim.InFlight();
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

  private static boolean insert(
      Connection c, UUID tenantId, UUID apiKeyId, String key, byte[] hash, String method, String path)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into idempotency_keys (tenant_id, api_key_id, key, request_hash, method, path, expires_at)"
                + " values (?, ?, ?, ?, ?, ?, now() + make_interval(secs => ?))"
                + " on conflict (api_key_id, key) do nothing")) {
      ps.setObject(1, tenantId);
      ps.setObject(2, apiKeyId);
      ps.setString(3, key);
      ps.setBytes(4, hash);
      ps.setString(5, method);
      ps.setString(6, path);
      ps.setLong(7, TTL.toSeconds());
      return ps.executeUpdate() == 1;
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
