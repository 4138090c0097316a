package io.deploymcp.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deploymcp.embedded.EmbeddedPostgres;
import io.deploymcp.embedded.EmbeddedTemporal;
import io.deploymcp.store.SecretCipher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The issue-11 "done when" for the platform's own images, with the real pieces: bin/images' code
 * builds both images with Jib and pushes them to the loopback registry; the Docker engine pulls
 * and runs them as the chart does (uid 1000, read-only root, only /tmp and /workspaces writable,
 * host network) against this test's own PostgreSQL and Temporal test server. The API answers
 * /q/health/ready; a service created over its REST API is deployed by the worker container and
 * fails cleanly with BUILDKIT_NOT_CONFIGURED (the repository reaches the worker through a
 * read-only mount). SIGTERM stops both promptly; no secret passed in shows in their logs.
 */
class ImagesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path REPO_ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
  private static final Duration READY = Duration.ofSeconds(90);

  @Test
  void bothImagesBuildRunReadOnlyAsUid1000AndDeployUntilBuildKitIsMissing() throws Exception {
    Engine.require();
    assertThat(REPO_ROOT.resolve("api/target/quarkus-app/quarkus-run.jar")).as("the API's fast-jar (reactor order)").exists();
    assertThat(REPO_ROOT.resolve("worker/target/worker.jar")).as("the worker's jar (reactor order)").exists();

    String run = UUID.randomUUID().toString().substring(0, 8);
    String tag = "it-" + run;
    Map<String, String> env = new HashMap<>();
    env.put("REGISTRY_HOST", Engine.REGISTRY);
    env.put("DP_IMAGE_TAG", tag);
    env.put("DP_REPO_ROOT", REPO_ROOT.toString());
    env.put("DP_IMAGE_CACHE", REPO_ROOT.resolve("images/target/jib-cache").toString());

    // 1. Build and push, as bin/images does: one line per image with the registry's digest.
    long t0 = System.nanoTime();
    List<String> lines = ImagesMain.run(env, "api", "worker");
    long buildMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    String api = Engine.REGISTRY + "/deploy-mcp/api:" + tag;
    String worker = Engine.REGISTRY + "/deploy-mcp/worker:" + tag;
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo(api + " " + Engine.REGISTRY + "/deploy-mcp/api@" + Engine.digest("deploy-mcp/api", tag));
    assertThat(lines.get(1)).isEqualTo(worker + " " + Engine.REGISTRY + "/deploy-mcp/worker@" + Engine.digest("deploy-mcp/worker", tag));
    System.out.println("ImagesIT: built and pushed both images in " + buildMs + " ms");

    String apiName = "dp-images-it-api-" + run;
    String workerName = "dp-images-it-worker-" + run;
    Path repoDir = Files.createTempDirectory("dp-images-it-repo-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    try (EmbeddedPostgres pg = EmbeddedPostgres.startTemporary();
        EmbeddedTemporal temporal = EmbeddedTemporal.start(0)) {
      Docker.ok(120, "pull", "-q", api);
      Docker.ok(120, "pull", "-q", worker);

      // 2. What the image says about itself: uid 1000, java as PID 1's program, the API's defaults.
      JsonNode apiConfig = inspect(api);
      assertThat(apiConfig.path("User").asText()).isEqualTo("1000:1000");
      assertThat(apiConfig.path("Entrypoint").get(0).asText()).isEqualTo("/opt/java/openjdk/bin/java");
      assertThat(apiConfig.path("Env").toString())
          .contains("QUARKUS_HTTP_HOST=0.0.0.0", "DP_API_PORT=8080", "QUARKUS_SHUTDOWN_TIMEOUT=")
          .contains("JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp");
      assertThat(inspect(worker).path("Env").toString()).contains("DP_WORKSPACE_DIR=/workspaces");
      // No shell to fall back on: the base has none.
      Docker.Result shell = Docker.run(60, "run", "--rm", "--network", "none", "--entrypoint", "/bin/sh", api, "-c", "true");
      assertThat(shell.exit()).as("a shell in the image: %s", shell.output()).isNotZero();

      // 3. The API container against the test's PostgreSQL and Temporal.
      String secretKey = SecretCipher.newBase64Key();
      String dbPassword = "db-pw-" + UUID.randomUUID();
      String apiKey = "dpk_imagesit_" + UUID.randomUUID().toString().replace("-", "");
      int apiPort = freePort();
      Map<String, String> common = new HashMap<>();
      common.put("DP_DATABASE_URL", pg.jdbcUrl());
      common.put("DP_DATABASE_USER", pg.user());
      common.put("DP_DATABASE_PASSWORD", dbPassword);
      common.put("TEMPORAL_ADDRESS", temporal.target());
      common.put("TEMPORAL_NAMESPACE", temporal.namespace());
      common.put("DP_SECRET_KEY", secretKey);
      common.put("DP_ALLOW_LOCAL_REPOS", "true");
      common.put("DP_AUTODETECT", "false");
      Map<String, String> apiEnv = new HashMap<>(common);
      apiEnv.put("DP_API_PORT", Integer.toString(apiPort));
      apiEnv.put("DP_BOOTSTRAP_API_KEY", apiKey);
      // The chart's optional override wins over the image's defaults (JvmFlags says why).
      apiEnv.put("JDK_JAVA_OPTIONS", "-XX:MaxRAMPercentage=60 -XX:+PrintCommandLineFlags");
      long apiStart = System.nanoTime();
      Docker.ok(apiEnv, 60, runArgs(apiName, apiEnv, List.of("--memory", "1g"), api));
      String base = "http://127.0.0.1:" + apiPort;
      awaitStatus(base + "/q/health/ready", 200, READY, apiName);
      System.out.println("ImagesIT: API ready in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - apiStart) + " ms");
      assertThat(get(base + "/q/health/live", null).statusCode()).isEqualTo(200);
      String flags = Docker.logs(apiName).lines().filter(l -> l.contains("-XX:MaxHeapSize=")).findFirst().orElse("");
      assertThat(flags).as("-XX:+PrintCommandLineFlags").contains("-XX:MaxRAMPercentage=60.000000").contains("-XX:+ExitOnOutOfMemoryError");
      // The heap follows the container's 1 GiB limit, not the machine's memory.
      java.util.regex.Matcher heap = java.util.regex.Pattern.compile("-XX:MaxHeapSize=([0-9]+)").matcher(flags);
      assertThat(heap.find()).as(flags).isTrue();
      assertThat(Long.parseLong(heap.group(1))).isBetween(500L << 20, 620L << 20);

      // 4. The worker container: registers with Temporal and polls.
      GitRepo repo = GitRepo.withStaticSite(repoDir);
      long workerStart = System.nanoTime();
      Docker.ok(common, 60, runArgs(workerName, common,
          List.of("--tmpfs", "/workspaces:uid=1000,gid=1000,mode=0755", "-v", repoDir + ":/repos/site:ro"), worker));
      awaitLog(workerName, l -> l.contains("Worker ready: polling Temporal"), READY);
      // java is PID 1 (it gets SIGTERM itself) and runs as the image's user 1000 ("app").
      assertThat(Docker.logs(workerName)).contains("with PID 1 (/app/classes started by app in /app)");
      System.out.println("ImagesIT: worker polling in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - workerStart) + " ms");

      // 5. A deploy through the API, run by the worker image: the clone works, the build stops cleanly.
      String name = "img-" + run;
      HttpResponse<String> created = post(base + "/v1/services", apiKey,
          "{\"name\":\"" + name + "\",\"repo\":\"file:///repos/site\",\"branch\":\"main\"}");
      assertThat(created.statusCode()).as("%s", created.body()).isEqualTo(202);
      String deploymentId = JSON.readTree(created.body()).path("deployment_id").asText();
      JsonNode deployment = awaitFinished(base, apiKey, deploymentId, workerName);
      assertThat(deployment.path("status").asText()).as("%s", deployment).isEqualTo("failed");
      assertThat(deployment.path("commit_sha").asText()).isEqualTo(repo.headSha());
      assertThat(deployment.path("error").path("code").asText()).as("%s", deployment).isEqualTo("BUILDKIT_NOT_CONFIGURED");

      // 6. SIGTERM: both stop promptly (the worker is idle; the API has nothing in flight).
      assertStopsOnSigterm(workerName, "Shutdown: every running activity finished");
      assertStopsOnSigterm(apiName, null);

      // 7. No secret passed in shows in either log.
      for (String container : List.of(apiName, workerName)) {
        String logs = Docker.logs(container);
        Files.createDirectories(itLogs());
        Files.writeString(itLogs().resolve(container + ".log"), logs, StandardCharsets.UTF_8);
        assertThat(logs).as(container).doesNotContain(secretKey).doesNotContain(dbPassword).doesNotContain(apiKey);
        assertThat(logs).as(container).doesNotContain("Read-only file system").doesNotContain("AccessDeniedException");
      }
    } finally {
      Docker.removeQuietly(apiName, workerName);
      Docker.run(60, "rmi", api, worker);
      // The test tags go again. Deleting by digest removes every tag of that manifest, but the
      // test tag is in the image config (revision label), so no real tag shares the digest.
      Engine.deleteManifest("deploy-mcp/api", Engine.digest("deploy-mcp/api", tag));
      Engine.deleteManifest("deploy-mcp/worker", Engine.digest("deploy-mcp/worker", tag));
      PlatformImages.deleteTree(repoDir);
    }
  }

  /**
   * deploy-mcp/ops, the registry GC CronJob's image: built like the others (uid 1000, java as the
   * entrypoint, three layers), and its command starts in it read-only without a network: --help
   * answers, and without DP_API_URL it stops with exit 2 and says so (what the CronJob runs is
   * tested in the ops module and infra/). A few seconds on top of the test above.
   */
  @Test
  void theOpsImageBuildsAndItsCommandRunsReadOnlyAsUid1000() throws Exception {
    Engine.require();
    assertThat(REPO_ROOT.resolve("ops/target/ops.jar")).as("the ops module's jar (reactor order)").exists();
    String tag = "it-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> env = new HashMap<>();
    env.put("REGISTRY_HOST", Engine.REGISTRY);
    env.put("DP_IMAGE_TAG", tag);
    env.put("DP_REPO_ROOT", REPO_ROOT.toString());
    env.put("DP_IMAGE_CACHE", REPO_ROOT.resolve("images/target/jib-cache").toString());
    String ops = Engine.REGISTRY + "/deploy-mcp/ops:" + tag;

    List<String> lines = ImagesMain.run(env, "ops");
    try {
      assertThat(lines).containsExactly(ops + " " + Engine.REGISTRY + "/deploy-mcp/ops@" + Engine.digest("deploy-mcp/ops", tag));
      Docker.ok(120, "pull", "-q", ops);
      JsonNode config = inspect(ops);
      assertThat(config.path("User").asText()).isEqualTo("1000:1000");
      assertThat(config.path("Entrypoint").toString())
          .startsWith("[\"/opt/java/openjdk/bin/java\"").contains("/app/ops.jar:/app/lib/").endsWith(",\"" + PlatformImages.OPS_MAIN + "\"]");

      Docker.Result help = Docker.run(60, "run", "--rm", "--network", "none", "--read-only", "--tmpfs", "/tmp", ops, "--help");
      assertThat(help.exit()).as(help.output()).isZero();
      assertThat(help.output()).contains("Usage: bin/registry-gc", "--handoff DIR");
      Docker.Result unset = Docker.run(60, "run", "--rm", "--network", "none", "--read-only", "--tmpfs", "/tmp", ops, "--dry-run");
      assertThat(unset.exit()).as(unset.output()).isEqualTo(2);
      assertThat(unset.output()).contains("DP_API_URL is not set").doesNotContain("Exception");
    } finally {
      Docker.run(60, "rmi", ops);
      Engine.deleteManifest("deploy-mcp/ops", Engine.digest("deploy-mcp/ops", tag));
    }
  }

  private static String[] runArgs(String name, Map<String, String> env, List<String> extra, String image) {
    List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", "host",
        "--read-only", "--tmpfs", "/tmp", "--user", "1000:1000"));
    args.addAll(extra);
    // Values go through the CLI's environment (-e NAME without =value), not its command line.
    env.keySet().stream().sorted().forEach(k -> args.addAll(List.of("-e", k)));
    args.add(image);
    return args.toArray(String[]::new);
  }

  private static void assertStopsOnSigterm(String container, String logLine) throws Exception {
    long t0 = System.nanoTime();
    Docker.ok(60, "stop", "-t", "30", container);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    JsonNode state = JSON.readTree(Docker.ok(30, "inspect", "--format", "{{json .State}}", container));
    System.out.println("ImagesIT: " + container + " stopped in " + ms + " ms, exit " + state.path("ExitCode").asInt());
    // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal; 137 would be SIGKILL.
    assertThat(state.path("ExitCode").asInt()).as("exit code of %s", container).isIn(0, 143);
    assertThat(ms).as("%s stop time", container).isLessThan(25_000);
    if (logLine != null) {
      assertThat(Docker.logs(container)).contains(logLine);
    }
  }

  private static JsonNode inspect(String image) throws Exception {
    return JSON.readTree(Docker.ok(30, "image", "inspect", "--format", "{{json .Config}}", image));
  }

  private static void awaitStatus(String url, int status, Duration timeout, String container) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      try {
        last = get(url, null).statusCode();
        if (last == status) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      assertRunning(container);
      Thread.sleep(200);
    }
    throw new AssertionError(url + " answered " + last + " after " + timeout + "; logs:\n" + Docker.logs(container));
  }

  private static void awaitLog(String container, Predicate<String> line, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Docker.logs(container).lines().anyMatch(line)) {
        return;
      }
      assertRunning(container);
      Thread.sleep(250);
    }
    throw new AssertionError("no such line from " + container + " after " + timeout + "; logs:\n" + Docker.logs(container));
  }

  private static void assertRunning(String container) throws Exception {
    String running = Docker.ok(30, "inspect", "--format", "{{.State.Running}}", container).strip();
    if (!running.equals("true")) {
      throw new AssertionError(container + " exited; logs:\n" + Docker.logs(container));
    }
  }

  private static JsonNode awaitFinished(String base, String apiKey, String deploymentId, String worker) throws Exception {
    long deadline = System.nanoTime() + READY.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = get(base + "/v1/deployments/" + deploymentId, apiKey);
      assertThat(r.statusCode()).as("%s", r.body()).isEqualTo(200);
      last = JSON.readTree(r.body());
      if (List.of("failed", "running", "cancelled", "superseded").contains(last.path("status").asText())) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("deployment not finished: " + last + "; worker logs:\n" + Docker.logs(worker));
  }

  private static HttpResponse<String> get(String url, String apiKey) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
    if (apiKey != null) {
      b.header("Authorization", "Bearer " + apiKey);
    }
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  private static HttpResponse<String> post(String url, String apiKey, String json) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static Path itLogs() {
    return Path.of(System.getProperty("it.logs", "target/it-logs"));
  }
}
