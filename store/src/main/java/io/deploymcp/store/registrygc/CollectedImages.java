package io.deploymcp.store.registrygc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The images a registry GC run was granted to delete ({@code registry_gc_collected}) and the lock
 * that keeps a grant and a new use of a granted image apart. Claims (API) take the lock
 * exclusively; everything that starts to use an existing image (publish, rollback, the worker's
 * build skip) takes it shared, then reads. Whichever commits first, the other sees it: a claim
 * sees the deployment that now needs the image and is refused, or the launch sees the grant and
 * does not run the image. One transaction-level advisory lock, not one per image: a claim of
 * thousands of digests would exhaust PostgreSQL's lock table, and claims are short and rare.
 */
public final class CollectedImages {
  /** 64 bits of SHA-256 of "deploy-mcp/registry-gc/claims": no other advisory lock uses it by accident. */
  static final long LOCK_KEY = key("deploy-mcp/registry-gc/claims");

  private CollectedImages() {}

  /** Exclusive until the end of the caller's transaction (autocommit must be off): a run's claims. */
  public static void lockForClaims(Connection c) throws SQLException {
    lock(c, "select pg_advisory_xact_lock(?)");
  }

  /** Shared until the end of the caller's transaction: a launch or build skip about to reuse an image. */
  public static void lockForUse(Connection c) throws SQLException {
    lock(c, "select pg_advisory_xact_lock_shared(?)");
  }

  private static void lock(Connection c, String sql) throws SQLException {
    Transactions.require(c);
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, LOCK_KEY);
      ps.execute();
    }
  }

  public static boolean isCollected(Connection c, ImageDigestRef image) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("select exists (select 1 from registry_gc_collected where repository = ? and digest = ?)")) {
      ps.setString(1, image.repository());
      ps.setString(2, image.digest());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Records the grant; a digest granted again (its delete failed last time) moves to this run. */
  public static void record(Connection c, UUID runId, ImageDigestRef image) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into registry_gc_collected (repository, digest, run_id) values (?, ?, ?)"
                + " on conflict (repository, digest) do update set run_id = excluded.run_id, collected_at = now()")) {
      ps.setString(1, image.repository());
      ps.setString(2, image.digest());
      ps.setObject(3, runId);
      ps.executeUpdate();
    }
  }

  /** The image was pushed again, so it exists: it no longer counts as collected. */
  public static void forget(Connection c, ImageDigestRef image) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("delete from registry_gc_collected where repository = ? and digest = ?")) {
      ps.setString(1, image.repository());
      ps.setString(2, image.digest());
      ps.executeUpdate();
    }
  }

  private static long key(String name) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      long key = 0;
      for (int i = 0; i < 8; i++) {
        key = (key << 8) | (digest[i] & 0xFF);
      }
      return key;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
