package io.deploymcp.local;

import static io.deploymcp.local.LauncherLifecycleIT.assertNoStackTrace;
import static io.deploymcp.local.LauncherLifecycleIT.assertReleased;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * End to end, as a user runs it: the launcher jar starts real PostgreSQL, Temporal's test
 * server, the API and the worker; a service for a real git repo is created over HTTP, its
 * deployment ends {@code failed} with BUILDKIT_NOT_CONFIGURED (nothing is configured), it is
 * read, listed and deleted; SIGTERM stops everything; a restart on the same data directory
 * still has the services that were not deleted.
 */
class LocalStackIT {
  private static final Duration START = Duration.ofSeconds(180);
  private static final Duration DEPLOY = Duration.ofSeconds(90);

  @Test
  void createDeployReadDeleteOverHttpThenStopAndRestart(TestInfo info) throws Exception {
    try (OpenTempDir dir = new OpenTempDir()) {
      run(dir.path(), info);
    }
  }

  private void run(Path tmp, TestInfo info) throws Exception {
    int apiPort = FreePorts.next();
    int pgPort = FreePorts.next();
    int temporalPort = FreePorts.next();
    Path data = tmp.resolve("data");
    Map<String, String> env = LauncherLifecycleIT.launcherEnvironment(data, apiPort, pgPort, temporalPort);
    env.put("DP_ALLOW_LOCAL_REPOS", "true");
    GitRepo repo = GitRepo.withStaticSite(tmp.resolve("site"));
    String name = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    String kept = name + "-kept";
    String apiKey;

    try (LauncherProcess launcher = LauncherProcess.start(env, ItLogs.file(info))) {
      launcher.awaitLine(l -> l.contains("Press Ctrl-C to stop everything."), START);
      assertThat(launcher.output()).contains("BuildKit    not configured");
      apiKey = Files.readString(data.resolve("api-key")).strip();
      ApiClient api = new ApiClient("http://127.0.0.1:" + apiPort, apiKey);

      // Status says in words what the banner said.
      ApiClient.Response status = api.get("/v1/status");
      assertThat(status.status()).as("%s", status).isEqualTo(200);
      assertThat(component(status.json(), "database").path("state").asText()).isEqualTo("ok");
      assertThat(component(status.json(), "temporal").path("state").asText()).isEqualTo("ok");
      assertThat(component(status.json(), "buildkit").path("state").asText()).isEqualTo("not_configured");
      assertThat(api.getWithoutKey("/v1/services").status()).isEqualTo(401);

      // Create: 202 at once, with the URL and the deployment to watch.
      ApiClient.Response created = api.post("/v1/services",
          "{\"name\":" + ApiClient.quote(name) + ",\"repo\":" + ApiClient.quote(repo.fileUrl()) + ",\"branch\":\"main\"}");
      assertThat(created.status()).as("%s", created).isEqualTo(202);
      assertThat(created.json().path("name").asText()).isEqualTo(name);
      assertThat(created.json().path("url").asText()).isEqualTo("https://" + name + ".apps.localhost");
      String deploymentId = created.json().path("deployment_id").asText();
      assertThat(deploymentId).isNotBlank();

      // Watch: the clone works (real repo, real commit), the build stops cleanly.
      JsonNode deployment = awaitFinished(api, deploymentId);
      assertThat(deployment.path("status").asText()).as("%s", deployment).isEqualTo("failed");
      assertThat(deployment.path("commit_sha").asText()).isEqualTo(repo.headSha());
      assertThat(deployment.path("error").path("code").asText()).isEqualTo("BUILDKIT_NOT_CONFIGURED");
      assertThat(deployment.path("error").path("hint").asText()).contains("BUILDKIT_HOST");

      // Read and list.
      ApiClient.Response read = api.get("/v1/services/" + name);
      assertThat(read.status()).as("%s", read).isEqualTo(200);
      assertThat(read.json().path("repo").asText()).isEqualTo(repo.fileUrl());
      assertThat(names(api.get("/v1/services").json())).contains(name);
      assertThat(api.get("/v1/services/" + name + "/deployments").body()).contains(deploymentId);

      // A second service survives the restart below.
      assertThat(api.post("/v1/services",
          "{\"name\":" + ApiClient.quote(kept) + ",\"repo\":" + ApiClient.quote(repo.fileUrl()) + "}").status())
          .isEqualTo(202);

      // Delete: 202, and gone from reads at once.
      ApiClient.Response deleted = api.delete("/v1/services/" + name);
      assertThat(deleted.status()).as("%s", deleted).isEqualTo(202);
      ApiClient.Response gone = api.get("/v1/services/" + name);
      assertThat(gone.status()).isEqualTo(404);
      assertThat(gone.contentType()).startsWith("application/problem+json");
      assertThat(gone.json().path("code").asText()).isEqualTo("NOT_FOUND");
      assertThat(names(api.get("/v1/services").json())).doesNotContain(name).contains(kept);

      List<ProcessHandle> children = launcher.descendants();
      launcher.terminate();
      launcher.awaitExit(Duration.ofSeconds(90));
      assertReleased(apiPort, pgPort, temporalPort);
      assertThat(children).noneMatch(ProcessHandle::isAlive);
      assertNoStackTrace(launcher.ownLines());
    }

    // Restart on the same data directory: same key, the kept service is still there.
    try (LauncherProcess launcher = LauncherProcess.start(env, ItLogs.file(info).resolveSibling("LocalStackIT-restart.log"))) {
      launcher.awaitLine(l -> l.contains("Press Ctrl-C to stop everything."), START);
      assertThat(Files.readString(data.resolve("api-key")).strip()).isEqualTo(apiKey);
      ApiClient api = new ApiClient("http://127.0.0.1:" + apiPort, apiKey);

      assertThat(api.get("/v1/services/" + kept).status()).isEqualTo(200);
      assertThat(api.get("/v1/services/" + name).status()).isEqualTo(404);

      // kill -9 of the launcher alone: the API and worker end themselves (DP_LAUNCHER_PID);
      // PostgreSQL, which pg_ctl runs detached, is left running on the data directory.
      List<ProcessHandle> children = launcher.descendants();
      assertThat(children).hasSizeGreaterThanOrEqualTo(2);
      launcher.kill9();
      launcher.awaitExit(Duration.ofSeconds(10));
      for (ProcessHandle child : children) {
        assertThat(child.onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).join())
            .as("child %d ended after its launcher was killed", child.pid()).isNotNull();
      }
      assertThat(FreePorts.releasedWithin(apiPort, Duration.ofSeconds(10))).as("API port released").isTrue();
      assertThat(FreePorts.releasedWithin(pgPort, Duration.ofSeconds(2))).as("PostgreSQL still holds its port").isFalse();
    }

    // The next start stops that PostgreSQL instead of refusing "port in use", and serves the data.
    try (LauncherProcess launcher = LauncherProcess.start(env, ItLogs.file(info).resolveSibling("LocalStackIT-after-kill.log"))) {
      launcher.awaitLine(l -> l.contains("Press Ctrl-C to stop everything."), START);
      assertThat(launcher.ownLines()).anyMatch(l -> l.matches(
          "\\[local] stopped PostgreSQL [0-9]+, left running on this data directory by a stack that did not stop"));
      ApiClient api = new ApiClient("http://127.0.0.1:" + apiPort, apiKey);
      assertThat(api.get("/v1/services/" + kept).status()).isEqualTo(200);

      launcher.terminate();
      launcher.awaitExit(Duration.ofSeconds(90));
      assertReleased(apiPort, pgPort, temporalPort);
    }
  }

  static JsonNode awaitFinished(ApiClient api, String deploymentId) throws Exception {
    long deadline = System.nanoTime() + DEPLOY.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      ApiClient.Response r = api.get("/v1/deployments/" + deploymentId);
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      last = r.json();
      if (List.of("failed", "running", "cancelled", "superseded").contains(last.path("status").asText())) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("deployment not finished after " + DEPLOY + ": " + last);
  }

  private static JsonNode component(JsonNode status, String name) {
    assertThat(status.has(name)).as("component %s in %s", name, status).isTrue();
    return status.path(name);
  }

  private static List<String> names(JsonNode page) {
    return StreamSupport.stream(page.path("items").spliterator(), false).map(s -> s.path("name").asText()).toList();
  }
}
