package io.deploymcp.store.registrygc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.store.support.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gate row on the real test PostgreSQL: a push and a sweep never overlap, whichever takes the
 * row first, and each sees the other's committed outcome. Two connections act as a worker and the
 * API; "blocked" is a call still not returned after a short wait.
 */
class RegistryGcGateTest {
  private static final Duration LEASE = Duration.ofMinutes(35);
  private static final Duration BLOCKED = Duration.ofMillis(300);

  private UUID deployment;

  @BeforeEach
  void clean() {
    // Runs and pushes are global: each test starts with none open.
    TestDatabase.update("update registry_gc_runs set ended_at = now() where ended_at is null");
    TestDatabase.update("delete from registry_gc_pushes");
    UUID tenant = TestDatabase.tenant();
    deployment = TestDatabase.deployment(tenant, TestDatabase.service(tenant));
  }

  @AfterEach
  void endRuns() {
    TestDatabase.update("update registry_gc_runs set ended_at = now() where ended_at is null");
    TestDatabase.update("delete from registry_gc_pushes");
  }

  private static UUID openRun(Duration lease) {
    UUID id = UUID.randomUUID();
    TestDatabase.update(
        "insert into registry_gc_runs (id, keep_last, expires_at) values (?, 2, now() + ? * interval '1 millisecond')",
        id, lease.toMillis());
    return id;
  }

  private static <T> T inTransaction(SqlCall<T> call) {
    try (Connection c = TestDatabase.dataSource().getConnection()) {
      c.setAutoCommit(false);
      T result = call.run(c);
      c.commit();
      return result;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  interface SqlCall<T> {
    T run(Connection c) throws SQLException;
  }

  private static SweepDecision sweep(UUID run) {
    return inTransaction(c -> RegistryGcGate.enterSweep(c, run));
  }

  private static PushDecision push(UUID deployment, Duration lease) {
    return inTransaction(c -> RegistryGcGate.beginPush(c, deployment, lease));
  }

  private static void endPush(UUID deployment) {
    inTransaction(c -> {
      RegistryGcGate.endPush(c, deployment);
      return null;
    });
  }

  @Test
  void aPushInFlightKeepsTheSweepOutUntilItEnds() throws Exception {
    UUID run = openRun(Duration.ofMinutes(5));
    assertThat(push(deployment, LEASE))
        .isInstanceOf(PushDecision.Granted.class);

    assertThat(sweep(run)).isEqualTo(new SweepDecision.BuildsInFlight(1));
    assertThat(TestDatabase.count("select count(*) from registry_gc_runs where id = ? and sweep_at is null", run)).isEqualTo(1);

    endPush(deployment);
    assertThat(sweep(run)).isInstanceOf(SweepDecision.Entered.class);
    assertThat(sweep(run))
        .as("a second sweep request of the same run").isInstanceOf(SweepDecision.Entered.class);
  }

  @Test
  void noPushStartsWhileARunSweepsAndPushesResumeWhenItEndsOrExpires() throws Exception {
    UUID run = openRun(Duration.ofMinutes(5));
    assertThat(sweep(run)).isInstanceOf(SweepDecision.Entered.class);

    PushDecision refused = push(deployment, LEASE);
    assertThat(refused).isInstanceOf(PushDecision.Sweeping.class);
    assertThat(((PushDecision.Sweeping) refused).runId()).isEqualTo(run);
    assertThat(TestDatabase.count("select count(*) from registry_gc_pushes")).as("nothing recorded").isZero();

    TestDatabase.update("update registry_gc_runs set ended_at = now() where id = ?", run);
    assertThat(push(deployment, LEASE)).isInstanceOf(PushDecision.Granted.class);
    endPush(deployment);

    UUID expiring = openRun(Duration.ofMinutes(5));
    sweep(expiring);
    TestDatabase.update("update registry_gc_runs set expires_at = opened_at + interval '1 millisecond' where id = ?", expiring);
    assertThat(push(deployment, LEASE)).isInstanceOf(PushDecision.Granted.class);
  }

  @Test
  void aPushRecordOfAWorkerThatDiedLapsesAtItsLease() {
    UUID run = openRun(Duration.ofMinutes(5));
    push(deployment, Duration.ofMillis(1));
    assertThat(TestDatabase.count("select count(*) from registry_gc_pushes")).isEqualTo(1);

    assertThat(sweep(run)).isInstanceOf(SweepDecision.Entered.class);
  }

  @Test
  void anEndedExpiredOrUnknownRunCannotSweep() {
    UUID ended = openRun(Duration.ofMinutes(5));
    TestDatabase.update("update registry_gc_runs set ended_at = now() where id = ?", ended);
    UUID expired = openRun(Duration.ofMillis(1));

    assertThat(sweep(ended)).isInstanceOf(SweepDecision.RunEnded.class);
    assertThat(sweep(expired)).isInstanceOf(SweepDecision.RunEnded.class);
    assertThat(sweep(UUID.randomUUID())).isInstanceOf(SweepDecision.RunEnded.class);
  }

  @Test
  void aSweepRequestedWhileAPushCheckHoldsTheRowSeesThatPush() throws Exception {
    UUID run = openRun(Duration.ofMinutes(5));
    try (Connection worker = TestDatabase.dataSource().getConnection()) {
      worker.setAutoCommit(false);
      assertThat(RegistryGcGate.beginPush(worker, deployment, LEASE)).isInstanceOf(PushDecision.Granted.class);

      CompletableFuture<SweepDecision> sweep =
          CompletableFuture.supplyAsync(() -> sweep(run), Thread::startVirtualThread);
      Thread.sleep(BLOCKED.toMillis());
      assertThat(sweep).as("the sweep waits for the push check's transaction").isNotDone();

      worker.commit();
      assertThat(sweep.get(10, TimeUnit.SECONDS)).isEqualTo(new SweepDecision.BuildsInFlight(1));
    }
  }

  @Test
  void aPushCheckWhileTheSweepTransitionHoldsTheRowSeesTheSweep() throws Exception {
    UUID run = openRun(Duration.ofMinutes(5));
    try (Connection api = TestDatabase.dataSource().getConnection()) {
      api.setAutoCommit(false);
      assertThat(RegistryGcGate.enterSweep(api, run)).isInstanceOf(SweepDecision.Entered.class);

      CompletableFuture<PushDecision> push =
          CompletableFuture.supplyAsync(() -> push(deployment, LEASE), Thread::startVirtualThread);
      Thread.sleep(BLOCKED.toMillis());
      assertThat(push).as("the push check waits for the sweep transition's transaction").isNotDone();

      api.commit();
      assertThat(push.get(10, TimeUnit.SECONDS)).isInstanceOf(PushDecision.Sweeping.class);
      assertThat(TestDatabase.count("select count(*) from registry_gc_pushes")).isZero();
    }
  }

  @Test
  void pushChecksOfSeveralWorkersDoNotWaitForEachOther() throws Exception {
    UUID tenant = TestDatabase.tenant();
    UUID other = TestDatabase.deployment(tenant, TestDatabase.service(tenant));
    try (Connection first = TestDatabase.dataSource().getConnection()) {
      first.setAutoCommit(false);
      RegistryGcGate.beginPush(first, deployment, LEASE);

      CompletableFuture<PushDecision> second =
          CompletableFuture.supplyAsync(() -> push(other, LEASE), Thread::startVirtualThread);
      assertThat(second.get(5, TimeUnit.SECONDS)).isInstanceOf(PushDecision.Granted.class);
      first.commit();
    }
  }

  @Test
  void theLocksRefuseToRunOutsideATransaction() throws Exception {
    try (Connection c = TestDatabase.dataSource().getConnection()) {
      assertThatThrownBy(() -> RegistryGcGate.beginPush(c, deployment, LEASE)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> RegistryGcGate.enterSweep(c, UUID.randomUUID())).isInstanceOf(IllegalStateException.class);
    }
  }
}
