package io.deploymcp.worker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.store.SecretCipher;
import io.deploymcp.worker.support.Fixtures;
import io.deploymcp.worker.support.GitRepos;
import io.deploymcp.worker.support.TestDatabase;
import io.deploymcp.worker.support.WorkerTestEnvironment;
import io.deploymcp.worker.support.WorkerTestEnvironment.Builds;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The push gate on a whole deploy (Temporal's test environment, the real activities, database
 * and git): while a registry GC run sweeps, the build activity stops before its BuildKit solve
 * and waits, heartbeating; when the run ends it goes on. BuildKit and the registry are closed
 * loopback ports, so the attempt fails right after the gate: what matters is where it waited.
 */
class SweepGateDeployTest {
  @TempDir Path tmp;
  private final Fixtures fixtures = new Fixtures();
  private final JdbcClient db = TestDatabase.jdbc();
  private WorkerTestEnvironment worker;

  @BeforeEach
  void start() {
    db.sql("update registry_gc_runs set ended_at = now() where ended_at is null").update();
    String closed = "127.0.0.1:" + closedPort();
    worker = new WorkerTestEnvironment(
        SecretCipher.newBase64Key(), tmp.resolve("no-token"),
        new Builds("tcp://" + closed, closed, Map.of(), Duration.ofMinutes(1)));
  }

  @AfterEach
  void stop() {
    worker.close();
    db.sql("update registry_gc_runs set ended_at = now() where ended_at is null").update();
  }

  @Test
  void aBuildWaitsBeforeItsSolveWhileARunSweepsAndGoesOnWhenTheRunEnds() {
    UUID run = UUID.randomUUID();
    db.sql("insert into registry_gc_runs (id, keep_last, expires_at, sweep_at)"
        + " values (:id, 2, now() + interval '5 minutes', now())").param("id", run).update();
    Path repo = GitRepos.withMain(tmp, "app");
    GitRepos.commit(repo, "Dockerfile", "FROM scratch\nCOPY index.html /\n", "dockerfile");
    UUID tenant = fixtures.tenant();
    UUID service = fixtures.service(tenant, GitRepos.fileUrl(repo), "main");
    fixtures.buildConfig(service, "dockerfile", "", "Dockerfile");
    UUID deployment = fixtures.deployment(tenant, service, "production", "main");

    worker.startDeploy(tenant, service, deployment);

    await(() -> fixtures.buildLog(deployment).stream().anyMatch(l -> l.contains("sweeping blobs")), "the wait");
    sleep(300);
    assertThat(fixtures.row(deployment).status()).isEqualTo("building");
    assertThat(fixtures.buildLog(deployment)).noneMatch(l -> l.contains("steps,") || l.contains("pushed"));
    assertThat(pushRecords(deployment)).as("no push recorded while it waits").isZero();

    db.sql("update registry_gc_runs set ended_at = now() where id = :id").param("id", run).update();

    await(() -> fixtures.buildLog(deployment).stream().anyMatch(l -> l.contains("finished sweeping: building")),
        "the build to go on");
    await(() -> fixtures.buildLog(deployment).stream().anyMatch(l -> l.startsWith("build failed")), "the solve to fail");
    await(() -> pushRecords(deployment) == 0, "the push record to be cleared");
  }

  private long pushRecords(UUID deployment) {
    return db.sql("select count(*) from registry_gc_pushes where deployment_id = :d").param("d", deployment)
        .query(Long.class).single();
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      sleep(25);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
