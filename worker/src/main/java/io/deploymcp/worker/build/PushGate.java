package io.deploymcp.worker.build;

import io.deploymcp.store.registrygc.PushDecision;
import io.deploymcp.store.registrygc.RegistryGcGate;
import io.deploymcp.worker.failure.ActivityFailures;
import io.deploymcp.worker.failure.WorkerFailureCodes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The worker's "may I push" check (docs/registry-gc.md "Platform side"): before a BuildKit solve
 * that pushes, wait while a registry GC run sweeps blobs — the registry's garbage-collect would
 * delete the layers of a push whose manifest is not written yet — then record the push as in
 * flight, so no run starts sweeping until it is over. Both happen under the store's gate row
 * lock ({@link RegistryGcGate}), so a push and a sweep never overlap.
 */
@Component
public class PushGate {
  private static final Logger log = LoggerFactory.getLogger(PushGate.class);
  /**
   * How long a push record outlives a worker that died mid-push: past the build activity's own
   * 30-minute limit (DeployWorkflowImpl), after which Temporal has given up on that attempt.
   */
  static final Duration PUSH_LEASE = Duration.ofMinutes(35);
  private static final Duration POLL = Duration.ofSeconds(2);

  private final DataSource dataSource;
  private final Duration poll;

  @Autowired
  public PushGate(DataSource dataSource) {
    this(dataSource, POLL);
  }

  /** With its own interval between checks while a run sweeps (tests). */
  public PushGate(DataSource dataSource, Duration poll) {
    this.dataSource = dataSource;
    this.poll = poll;
  }

  /**
   * Returns once the push of {@code deploymentId} may start, recorded as in flight. While a run
   * sweeps, calls {@code waiting} with a status every poll (the activity heartbeats with it; if
   * it throws, e.g. because the deploy was cancelled, the wait ends with that exception).
   */
  public void awaitTurn(UUID deploymentId, Consumer<String> waiting) {
    while (true) {
      PushDecision decision = check(deploymentId);
      if (decision instanceof PushDecision.Sweeping sweeping) {
        waiting.accept(
            "registry garbage collection run " + sweeping.runId() + " is sweeping blobs; the push waits until it"
                + " ends (at the latest " + sweeping.until() + ")");
        sleep();
        continue;
      }
      return;
    }
  }

  /** The push is over (or never began); a record left behind lapses with its lease. */
  public void finished(UUID deploymentId) {
    try (Connection c = dataSource.getConnection()) {
      RegistryGcGate.endPush(c, deploymentId);
    } catch (SQLException e) {
      log.warn("deployment {}: could not clear its push record ({}); it lapses within {}", deploymentId,
          e.getSQLState(), PUSH_LEASE);
    }
  }

  private PushDecision check(UUID deploymentId) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        PushDecision decision = RegistryGcGate.beginPush(c, deploymentId, PUSH_LEASE);
        c.commit();
        return decision;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      log.warn("deployment {}: the push gate check failed (SQLSTATE {})", deploymentId, e.getSQLState());
      throw ActivityFailures.transientFailure(
          WorkerFailureCodes.PUSH_GATE_UNAVAILABLE,
          "could not check with the database whether registry garbage collection is sweeping, so nothing was pushed",
          "Deploy again once the database answers; the build cache keeps the work already done.");
    }
  }

  private void sleep() {
    try {
      Thread.sleep(poll);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for registry garbage collection", e);
    }
  }
}
