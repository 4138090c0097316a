package io.deploymcp.worker.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.worker.support.Fixtures;
import io.deploymcp.worker.support.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The worker's "may I push" gate on the real test PostgreSQL: a push waits, reporting, while a
 * registry GC run sweeps, and goes ahead when the run ends or expires.
 */
class PushGateTest {
  private static final Duration POLL = Duration.ofMillis(20);

  private final JdbcClient db = TestDatabase.jdbc();
  private final PushGate gate = new PushGate(TestDatabase.dataSource(), POLL);
  private UUID deployment;

  @BeforeEach
  void setUp() {
    endRuns();
    Fixtures fixtures = new Fixtures();
    UUID tenant = fixtures.tenant();
    deployment = fixtures.deployment(tenant, fixtures.service(tenant, "https://git.example.com/a.git", "main"), "production", "main");
  }

  @AfterEach
  void endRuns() {
    db.sql("update registry_gc_runs set ended_at = now() where ended_at is null").update();
    db.sql("delete from registry_gc_pushes").update();
  }

  private UUID sweepingRun(Duration lease) {
    UUID id = UUID.randomUUID();
    db.sql("insert into registry_gc_runs (id, keep_last, expires_at, sweep_at)"
            + " values (:id, 2, now() + :ms * interval '1 millisecond', now())")
        .param("id", id).param("ms", lease.toMillis()).update();
    return id;
  }

  private long pushes() {
    return db.sql("select count(*) from registry_gc_pushes where deployment_id = :d").param("d", deployment)
        .query(Long.class).single();
  }

  @Test
  void withoutASweepThePushGoesAheadAtOnceAndIsRecordedUntilItFinishes() {
    List<String> waited = new CopyOnWriteArrayList<>();
    gate.awaitTurn(deployment, waited::add);

    assertThat(waited).isEmpty();
    assertThat(pushes()).isEqualTo(1);
    gate.finished(deployment);
    assertThat(pushes()).isZero();
  }

  @Test
  void aPushWaitsReportingWhileARunSweepsAndGoesAheadWhenTheRunEnds() throws Exception {
    UUID run = sweepingRun(Duration.ofMinutes(5));
    List<String> waited = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> push = CompletableFuture.runAsync(() -> gate.awaitTurn(deployment, waited::add), Thread::startVirtualThread);

    Thread.sleep(200);
    assertThat(push).isNotDone();
    assertThat(waited).hasSizeGreaterThan(2)
        .allSatisfy(status -> assertThat(status).contains(run.toString(), "sweeping blobs", "the push waits"));
    assertThat(pushes()).as("nothing recorded while it waits").isZero();

    db.sql("update registry_gc_runs set ended_at = now() where id = :id").param("id", run).update();
    push.get(5, TimeUnit.SECONDS);
    assertThat(pushes()).isEqualTo(1);
  }

  @Test
  void aPushGoesAheadWhenTheSweepingRunsLeaseExpires() throws Exception {
    sweepingRun(Duration.ofMillis(300));
    long started = System.nanoTime();
    List<String> waited = new CopyOnWriteArrayList<>();

    CompletableFuture.runAsync(() -> gate.awaitTurn(deployment, waited::add), Thread::startVirtualThread).get(5, TimeUnit.SECONDS);

    assertThat(waited).isNotEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    assertThat(pushes()).isEqualTo(1);
  }

  @Test
  void aWaitEndsWithTheExceptionOfItsHeartbeatAndRecordsNothing() {
    sweepingRun(Duration.ofMinutes(5));

    assertThatThrownBy(() -> gate.awaitTurn(deployment, status -> {
      throw new IllegalStateException("cancelled");
    })).hasMessage("cancelled");
    assertThat(pushes()).isZero();
  }
}
