package io.deploymcp.store.registrygc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.UUID;

/**
 * The one row lock ({@code registry_gc_gate}) that keeps blob sweeps and pushes apart. A registry's
 * {@code garbage-collect} deletes every blob no manifest references, including the layers of a
 * push whose manifest is not written yet; so a run may enter its sweep phase only when no push is
 * in flight, and no push may start while a run sweeps.
 *
 * <p>A worker about to push share-locks the row, reads whether a run sweeps and, if none does,
 * records its push in the same transaction. A run entering the sweep phase locks the row
 * exclusively, then counts the recorded pushes and sets its phase. Each read is a statement of
 * its own, after the lock: under READ COMMITTED it sees everything committed before the lock was
 * granted, so whichever transaction gets the row first, the other sees its outcome. Every method
 * runs in the caller's transaction (autocommit off); the caller commits.
 */
public final class RegistryGcGate {
  private RegistryGcGate() {}

  /** Locks the gate exclusively, e.g. to check "no run open" and open one without a race. */
  public static void lockExclusively(Connection c) throws SQLException {
    Transactions.require(c);
    execute(c, "select id from registry_gc_gate for update");
  }

  /**
   * The "may I push" check of a worker before a solve that pushes. Granted: the push is recorded
   * as in flight until {@link #endPush} or, should the worker die, until {@code lease} has passed.
   */
  public static PushDecision beginPush(Connection c, UUID deploymentId, Duration lease) throws SQLException {
    Transactions.require(c);
    execute(c, "select id from registry_gc_gate for share");
    try (PreparedStatement ps =
        c.prepareStatement(
            "select id, expires_at from registry_gc_runs"
                + " where sweep_at is not null and ended_at is null and expires_at > now()"
                + " order by expires_at desc limit 1")) {
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return new PushDecision.Sweeping(
              rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant());
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into registry_gc_pushes (deployment_id, expires_at)"
                + " values (?, now() + ? * interval '1 millisecond')"
                + " on conflict (deployment_id)"
                + " do update set started_at = now(), expires_at = excluded.expires_at")) {
      ps.setObject(1, deploymentId);
      ps.setLong(2, lease.toMillis());
      ps.executeUpdate();
    }
    return new PushDecision.Granted();
  }

  /** The push of {@code deploymentId} finished (or never started); needs no transaction. */
  public static void endPush(Connection c, UUID deploymentId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("delete from registry_gc_pushes where deployment_id = ?")) {
      ps.setObject(1, deploymentId);
      ps.executeUpdate();
    }
  }

  /**
   * Moves an open run into its sweep phase when no push is in flight. A run already sweeping is
   * {@link SweepDecision.Entered} again.
   */
  public static SweepDecision enterSweep(Connection c, UUID runId) throws SQLException {
    Transactions.require(c);
    execute(c, "select id from registry_gc_gate for update");
    Timestamp expiresAt;
    boolean sweeping;
    try (PreparedStatement ps =
        c.prepareStatement(
            "select expires_at, sweep_at is not null from registry_gc_runs"
                + " where id = ? and ended_at is null and expires_at > now()")) {
      ps.setObject(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return new SweepDecision.RunEnded();
        }
        expiresAt = rs.getTimestamp(1);
        sweeping = rs.getBoolean(2);
      }
    }
    if (sweeping) {
      return new SweepDecision.Entered(expiresAt.toInstant());
    }
    int pushes;
    try (PreparedStatement ps =
        c.prepareStatement("select count(*) from registry_gc_pushes where expires_at > now()")) {
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        pushes = rs.getInt(1);
      }
    }
    if (pushes > 0) {
      return new SweepDecision.BuildsInFlight(pushes);
    }
    try (PreparedStatement ps = c.prepareStatement("update registry_gc_runs set sweep_at = now() where id = ?")) {
      ps.setObject(1, runId);
      ps.executeUpdate();
    }
    return new SweepDecision.Entered(expiresAt.toInstant());
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.execute();
    }
  }
}
