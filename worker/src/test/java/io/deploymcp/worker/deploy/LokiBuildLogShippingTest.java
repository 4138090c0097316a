package io.deploymcp.worker.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.deploymcp.embedded.LokiStandIn;
import io.deploymcp.store.SecretCipher;
import io.deploymcp.worker.build.LokiBuildLogShipper;
import io.deploymcp.worker.support.EngineSupport;
import io.deploymcp.worker.support.Fixtures;
import io.deploymcp.worker.support.GitRepos;
import io.deploymcp.worker.support.WorkerTestEnvironment;
import io.deploymcp.worker.support.WorkerTestEnvironment.Builds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real build (the Docker engine's BuildKit, base image from the loopback registry) with the
 * worker's Loki4j shipper pointed at the {@link LokiStandIn} (a stand-in for Loki: it decodes the
 * JSON push body Loki4j sends). Its lines arrive with the seed's labels and the deployment id as
 * structured metadata, in the log store's order, and the secret the build prints arrives masked.
 */
class LokiBuildLogShippingTest {
  private static final String KEY = SecretCipher.newBase64Key();
  private static final SecretCipher CIPHER = SecretCipher.fromBase64(KEY);
  private static final String SECRET = "s3cr3t-" + UUID.randomUUID();

  @TempDir static Path tmp;
  private static LokiStandIn loki;
  private static LokiBuildLogShipper shipper;
  private static WorkerTestEnvironment worker;
  private final Fixtures fixtures = new Fixtures();

  @BeforeAll
  static void start() {
    EngineSupport.requireEngine(EngineSupport.BUSYBOX);
    loki = new LokiStandIn();
    shipper = new LokiBuildLogShipper(loki.url() + LokiBuildLogShipper.PUSH_PATH, 1 << 20);
    worker = new WorkerTestEnvironment(KEY, tmp.resolve("no-token"), Builds.engine(), shipper);
  }

  @AfterAll
  static void stop() {
    if (worker != null) {
      worker.close();
    }
    if (shipper != null) {
      shipper.close();
    }
    if (loki != null) {
      loki.close();
    }
  }

  @Test
  void aRealBuildsLinesReachLokiLabelledInOrderAndMasked() {
    UUID tenant = fixtures.tenant();
    Path repo = GitRepos.withMain(tmp, "loki-" + UUID.randomUUID());
    String nonce = UUID.randomUUID().toString();
    GitRepos.commitFiles(repo, Map.of("Dockerfile",
        "FROM " + EngineSupport.BUSYBOX + "\n"
            + "ENV RUN_ID=" + nonce + "\n"
            + "RUN echo \"hello from the RUN step " + nonce + "\"\n"
            + "RUN --mount=type=secret,id=API_TOKEN echo \"token is $(cat /run/secrets/API_TOKEN)\"\n"), "app");
    UUID service = fixtures.service(tenant, GitRepos.fileUrl(repo), "main");
    fixtures.buildConfig(service, "dockerfile", "", "Dockerfile");
    fixtures.envVar(service, "API_TOKEN", SECRET, CIPHER, true);
    UUID deployment = fixtures.deployment(tenant, service, "production", "main");

    worker.deploy(tenant, service, deployment);

    List<String> stored = fixtures.buildLog(deployment);
    assertThat(stored).anyMatch(l -> l.contains("hello from the RUN step " + nonce));
    await().atMost(Duration.ofSeconds(15)).until(
        () -> loki.entries().stream().filter(e -> deployment.toString().equals(e.metadata().get("deployment_id")))
            .count() >= stored.size());

    List<LokiStandIn.Entry> mine = loki.entries().stream()
        .filter(e -> deployment.toString().equals(e.metadata().get("deployment_id")))
        .sorted(Comparator.comparingLong(LokiStandIn.Entry::nanos))
        .toList();
    // The seed's labels, low cardinality: no deployment id, no per-line value among them.
    assertThat(mine).allSatisfy(e -> {
      assertThat(e.stream()).containsOnlyKeys("job", "tenant", "project", "service");
      assertThat(e.stream()).containsEntry("job", "build").containsEntry("tenant", "tenant-" + tenant)
          .containsEntry("project", "default").containsEntry("service", fixtures.serviceName(service));
      assertThat(e.metadata()).containsOnlyKeys("deployment_id", "seq", "stream");
    });
    // Every stored line, once, in the store's order: by time, and seq counts up with it.
    assertThat(mine).extracting(LokiStandIn.Entry::line).containsExactlyElementsOf(stored);
    assertThat(mine).extracting(e -> Long.parseLong(e.metadata().get("seq")))
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, mine.size()).boxed().toList());
    assertThat(mine).extracting(LokiStandIn.Entry::nanos).doesNotHaveDuplicates();
    assertThat(mine).anyMatch(e -> e.line().contains("token is ") && e.metadata().get("stream").equals("stdout"));
    // The secret the build printed never left the worker.
    assertThat(String.join("\n", loki.pushBodies())).doesNotContain(SECRET).contains("token is ***");
    assertThat(stored).noneMatch(l -> l.contains(SECRET));
  }

  @Test
  void anUnreachableLokiNeitherFailsNorHoldsTheBuild() {
    // A port nothing listens on: sends fail and are retried in the background, the build goes on.
    LokiStandIn gone = new LokiStandIn();
    String url = gone.url();
    gone.close();
    try (LokiBuildLogShipper dead = new LokiBuildLogShipper(url + LokiBuildLogShipper.PUSH_PATH, 64 * 1024)) {
      long start = System.nanoTime();
      for (int i = 0; i < 20_000; i++) {
        dead.ship(
            new io.deploymcp.worker.build.BuildLogLabels("t", "p", "s", UUID.randomUUID()),
            List.of(new io.deploymcp.worker.build.BuildLogShipper.ShippedLine(
                i + 1, java.time.Instant.now(), io.deploymcp.store.logs.LogLine.now("stdout", "line " + i + " ".repeat(100)))));
      }
      // 20,000 lines (2 MB) into a 64 KiB queue: handed over at once, the rest dropped and reported.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      await().atMost(Duration.ofSeconds(10)).until(() -> dead.warnings() > 0);
    }
  }
}
