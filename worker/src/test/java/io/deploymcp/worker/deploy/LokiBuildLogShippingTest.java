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
 *
 * <p>{@code DP_TEST_LOKI_URL} (test-only; e.g. http://127.0.0.1:3100, a real Loki v3.4 with auth
 * disabled) ships to that Loki instead of the stand-in and reads the entries back from its
 * {@code query_range} with the categorize-labels flag (stream labels and structured metadata
 * apart). Real Loki adds labels of its own there: {@code service_name} (discover_service_name) to
 * the stream and {@code detected_level} (discover_log_levels) to the metadata; those two are left
 * out before the same assertions. The push bodies cannot be seen, so "the secret never left" is
 * checked on the lines Loki holds. Unset (CI), the stand-in is used.
 */
class LokiBuildLogShippingTest {
  private static final String KEY = SecretCipher.newBase64Key();
  private static final SecretCipher CIPHER = SecretCipher.fromBase64(KEY);
  private static final String SECRET = "s3cr3t-" + UUID.randomUUID();

  private static final String REAL_LOKI = System.getenv("DP_TEST_LOKI_URL") == null
      || System.getenv("DP_TEST_LOKI_URL").isBlank() ? null : System.getenv("DP_TEST_LOKI_URL").strip().replaceAll("/+$", "");

  @TempDir static Path tmp;
  private static LokiStandIn loki;
  private static LokiBuildLogShipper shipper;
  private static WorkerTestEnvironment worker;
  private final Fixtures fixtures = new Fixtures();

  @BeforeAll
  static void start() {
    EngineSupport.requireEngine(EngineSupport.BUSYBOX);
    loki = new LokiStandIn();
    shipper = new LokiBuildLogShipper((REAL_LOKI != null ? REAL_LOKI : loki.url()) + LokiBuildLogShipper.PUSH_PATH, 1 << 20);
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
        () -> entries(deployment).stream().filter(e -> deployment.toString().equals(e.metadata().get("deployment_id")))
            .count() >= stored.size());

    List<LokiStandIn.Entry> mine = entries(deployment).stream()
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
    assertThat(REAL_LOKI != null ? String.join("\n", mine.stream().map(LokiStandIn.Entry::line).toList())
        : String.join("\n", loki.pushBodies())).doesNotContain(SECRET).contains("token is ***");
    assertThat(stored).noneMatch(l -> l.contains(SECRET));
  }

  /** The entries held for this deployment: the stand-in's, or the real Loki's query_range answer. */
  private static List<LokiStandIn.Entry> entries(UUID deployment) {
    if (REAL_LOKI == null) {
      return loki.entries();
    }
    try {
      long now = System.currentTimeMillis() * 1_000_000L;
      String query = "{job=\"build\"} | deployment_id=\"" + deployment + "\"";
      java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(REAL_LOKI + "/loki/api/v1/query_range?query="
              + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8)
              + "&start=" + (now - 3_600_000_000_000L) + "&end=" + (now + 60_000_000_000L) + "&limit=5000&direction=forward"))
              .header("X-Loki-Response-Encoding-Flags", "categorize-labels").GET().build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
      List<LokiStandIn.Entry> out = new java.util.ArrayList<>();
      for (var stream : mapper.readTree(response.body()).path("data").path("result")) {
        Map<String, String> labels = new java.util.TreeMap<>(mapper.convertValue(stream.path("stream"),
            new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {}));
        labels.remove("service_name"); // added by Loki (discover_service_name)
        for (var value : stream.path("values")) {
          Map<String, String> metadata = new java.util.TreeMap<>(mapper.convertValue(value.path(2).path("structuredMetadata"),
              new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {}));
          metadata.remove("detected_level"); // added by Loki (discover_log_levels)
          out.add(new LokiStandIn.Entry(labels, Long.parseLong(value.get(0).asText()), value.get(1).asText(), metadata));
        }
      }
      return out;
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
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
