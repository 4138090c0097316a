package io.deploymcp.api.registrygc;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.store.registrygc.RegistryGcGate;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** {@code registry_gc_runs}: a run is open from its insert until ended_at is set or expires_at passes. */
@Singleton
class RegistryGcRuns {
  /** A run that has neither ended nor expired. */
  record OpenRun(UUID id, int keepLast, Instant expiresAt) {}

  /**
   * Opens a run for {@code lease}, or refuses with REGISTRY_GC_RUNNING while another is open. The
   * check and the insert hold the gate row exclusively, so two collectors cannot both open one.
   */
  OpenRun open(Connection c, int keepLast, Duration lease) throws SQLException {
    RegistryGcGate.lockExclusively(c);
    try (PreparedStatement ps =
        c.prepareStatement(
            "select id, expires_at from registry_gc_runs where ended_at is null and expires_at > now()"
                + " order by opened_at desc limit 1")) {
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          throw new ApiProblem(
              ProblemCode.REGISTRY_GC_RUNNING,
              "Registry GC run " + rs.getObject(1, UUID.class) + " is open until "
                  + rs.getTimestamp(2).toInstant());
        }
      }
    }
    UUID id = UUID.randomUUID();
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into registry_gc_runs (id, keep_last, expires_at)"
                + " values (?, ?, now() + ? * interval '1 millisecond') returning expires_at")) {
      ps.setObject(1, id);
      ps.setInt(2, keepLast);
      ps.setLong(3, lease.toMillis());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new OpenRun(id, keepLast, rs.getTimestamp(1).toInstant());
      }
    }
  }

  /**
   * The run if it is open, share-locked until the end of the caller's transaction so it cannot
   * end halfway through a claim.
   */
  Optional<OpenRun> lockOpen(Connection c, UUID id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select keep_last, expires_at from registry_gc_runs"
                + " where id = ? and ended_at is null and expires_at > now() for share")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new OpenRun(id, rs.getInt(1), rs.getTimestamp(2).toInstant()))
            : Optional.empty();
      }
    }
  }

  /** Ends the run (again: an ended or expired run stays ended); false when there is no such run. */
  boolean end(Connection c, UUID id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("update registry_gc_runs set ended_at = coalesce(ended_at, now()) where id = ?")) {
      ps.setObject(1, id);
      return ps.executeUpdate() == 1;
    }
  }
}
