package io.deploymcp.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The issue-4 "done when", as a user runs it, and issue 11 §6's: the local stack with none of
 * BUILDKIT_HOST, REGISTRY_HOST or DP_BASE_IMAGE_* set finds this machine's Docker engine, the
 * loopback registry and the base images bin/base-images pushed there, and says so in its banner
 * and in /v1/status; creating a service from a git repo ends with an image tagged with the
 * commit in that registry, its digest on the deployment and the build log readable over the
 * API. No cluster is found (DP_K3S_KUBECONFIG names a file that does not exist), so the
 * deployment itself ends failed at the apply step (issue 5), after the image is pushed.
 *
 * <p>Issue 14's "done when" on the same stack (no Loki, no Prometheus): a Dockerfile service whose
 * RUN step echoes a line and prints a secret env value is watched live over
 * {@code GET /v1/deployments/{id}/events} from its create to its end (phases in order, the RUN
 * step's line as a log event, the result with its reason code, the secret nowhere); a reconnect
 * with {@code Last-Event-ID} from the middle gets exactly the rest; the RUN line comes back through
 * the logs endpoint (with a filter) and MCP {@code get_logs}; the API's {@code /q/metrics} and the
 * worker's {@code /metrics} show the deploy's counters.
 * Skips without the engine and registry, and fails instead under DP_REQUIRE_BUILDKIT=true or CI=true.
 */
class LocalStackBuildIT {
  static final String REGISTRY = "127.0.0.1:5000";
  static final String BUSYBOX = REGISTRY + "/base/busybox:1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START = Duration.ofSeconds(180);

  @Test
  void aServiceFromAGitRepoEndsWithItsCommitsImageInTheRegistry(TestInfo info) throws Exception {
    requireEngine();
    try (OpenTempDir dir = new OpenTempDir()) {
      Path tmp = dir.path();
      int apiPort = FreePorts.next();
      Map<String, String> env = autodetectingEnvironment(tmp.resolve("data"), apiPort);
      env.put("DP_K3S_KUBECONFIG", tmp.resolve("no-k3s/k3s.yaml").toString());
      assertThat(env).doesNotContainKeys("BUILDKIT_HOST", "REGISTRY_HOST", "DP_BASE_IMAGE_STATIC", "KUBECONFIG");
      GitRepo repo = GitRepo.withStaticSite(tmp.resolve("site"));
      String name = "build-" + UUID.randomUUID().toString().substring(0, 8);

      try (LauncherProcess launcher = LauncherProcess.start(env, ItLogs.file(info))) {
        launcher.awaitLine(l -> l.contains("Press Ctrl-C to stop everything."), START);
        assertThat(launcher.ownLines())
            .contains("  BuildKit    BUILDKIT_HOST=docker:///var/run/docker.sock"
                + " (detected: the Docker engine at /var/run/docker.sock answers _ping)")
            .contains("  registry    REGISTRY_HOST=" + REGISTRY + " (detected: a registry answers /v2/ at " + REGISTRY + ")")
            .contains("  base images DP_BASE_IMAGE_STATIC=" + BUSYBOX + " (detected in the registry)")
            .anyMatch(l -> l.startsWith("  Kubernetes  not configured:") && l.contains("Looked: no k3s kubeconfig at"));
        ApiClient api =
            new ApiClient("http://127.0.0.1:" + apiPort, Files.readString(tmp.resolve("data/api-key")).strip());

        JsonNode status = api.get("/v1/status").json();
        for (String component : List.of("buildkit", "registry")) {
          assertThat(status.path(component).path("state").asText()).as("%s", status).isEqualTo("ok");
          assertThat(status.path(component).path("source").asText()).as("%s", status).isEqualTo("detected");
        }
        assertThat(status.path("registry").path("reason").asText()).contains("DP_BASE_IMAGE_STATIC");
        assertThat(status.path("kubernetes").path("state").asText()).isEqualTo("not_configured");

        ApiClient.Response created = createStaticService(api, name, repo);
        String deploymentId = created.json().path("deployment_id").asText();

        JsonNode deployment = LocalStackIT.awaitFinished(api, deploymentId);
        assertThat(deployment.path("commit_sha").asText()).isEqualTo(repo.headSha());
        assertThat(deployment.path("error").path("code").asText())
            .as("%s", deployment)
            .isEqualTo("KUBERNETES_NOT_CONFIGURED");
        String imageRef = deployment.path("image_ref").asText();
        assertThat(imageRef).matches(REGISTRY + "/dp-[a-z0-9-]+/" + name + "@sha256:[0-9a-f]{64}");
        String repository = imageRef.substring(REGISTRY.length(), imageRef.indexOf('@'));
        String digest = imageRef.substring(imageRef.indexOf('@') + 1);
        assertThat(manifestDigest(repository, repo.headSha())).isEqualTo(digest);

        ApiClient.Response logs =
            api.get("/v1/services/" + name + "/logs?type=build&deployment_id=" + deploymentId + "&limit=200");
        assertThat(logs.status()).as("%s", logs).isEqualTo(200);
        assertThat(logs.body()).contains("build plan: static").contains("pushed");

        watchADockerfileDeployLiveAndReadItsLogAndMetrics(api, apiPort, env, tmp);

        launcher.terminate();
        launcher.awaitExit(Duration.ofSeconds(90));
      }
    }
  }

  private static void watchADockerfileDeployLiveAndReadItsLogAndMetrics(
      ApiClient api, int apiPort, Map<String, String> env, Path tmp) throws Exception {
    String secret = "observe-" + UUID.randomUUID();
    String nonce = UUID.randomUUID().toString().substring(0, 8);
    GitRepo repo = GitRepo.withFiles(tmp.resolve("observed"), Map.of("Dockerfile",
        "FROM " + BUSYBOX + "\n"
            + "RUN echo \"hello from the RUN step " + nonce + "\"\n"
            + "RUN --mount=type=secret,id=API_TOKEN echo \"token is $(cat /run/secrets/API_TOKEN)\"\n"));
    String name = "observed-" + nonce;
    ApiClient.Response created = api.post("/v1/services",
        "{\"name\":" + ApiClient.quote(name) + ",\"repo\":" + ApiClient.quote(repo.fileUrl())
            + ",\"branch\":\"main\",\"build_pack\":\"dockerfile\",\"env\":{\"API_TOKEN\":"
            + ApiClient.quote(secret) + "}}");
    assertThat(created.status()).as("%s", created).isEqualTo(202);
    String deploymentId = created.json().path("deployment_id").asText();
    String events = "/v1/deployments/" + deploymentId + "/events";

    // Live: opened right after the create, it follows the deploy to its end and then closes.
    List<SseEvent> live = SseEvent.readAll(api, events, null);
    assertThat(live).as("%s", live).isNotEmpty();
    assertThat(live.getLast().type()).isEqualTo("result");
    assertThat(live.getLast().data()).contains("\"status\":\"failed\"").contains("KUBERNETES_NOT_CONFIGURED");
    assertThat(live.stream().filter(e -> e.type().equals("phase")).map(e -> field(e.data(), "status")))
        .containsSubsequence("cloning", "building", "deploying", "failed");
    assertThat(live).anyMatch(e -> e.type().equals("log") && e.data().contains("hello from the RUN step " + nonce));
    assertThat(live).anyMatch(e -> e.type().equals("log") && e.data().contains("token is ***"));
    assertThat(live).noneMatch(e -> e.data().contains(secret));
    assertThat(live.stream().map(SseEvent::id).distinct().count()).as("ids").isEqualTo(live.size());

    // A reconnect from the middle gets exactly the rest, then the stream ends again.
    int middle = live.size() / 2;
    List<SseEvent> rest = SseEvent.readAll(api, events, live.get(middle).id());
    assertThat(rest).isEqualTo(live.subList(middle + 1, live.size()));

    // The RUN step's line through the logs endpoint, filtered, and through MCP get_logs.
    ApiClient.Response filtered = api.get("/v1/services/" + name + "/logs?deployment_id=" + deploymentId
        + "&contains=" + nonce + "&order=oldest");
    assertThat(filtered.status()).as("%s", filtered).isEqualTo(200);
    assertThat(filtered.json().path("items").findValuesAsText("line"))
        .isNotEmpty().allMatch(l -> l.contains(nonce)).anyMatch(l -> l.contains("hello from the RUN step"));
    String key = Files.readString(tmp.resolve("data/api-key")).strip();
    try (McpSyncClient mcp = LocalStackAgentSessionIT.connect("http://127.0.0.1:" + apiPort, key, new ArrayList<>())) {
      McpSchema.CallToolResult result = mcp.callTool(new McpSchema.CallToolRequest(
          "get_logs", Map.of("service", name, "deployment_id", deploymentId, "limit", 200)));
      assertThat(result.isError()).as("%s", result).isNotEqualTo(Boolean.TRUE);
      String text = result.content().stream()
          .map(c -> c instanceof McpSchema.TextContent t ? t.text() : "").reduce("", String::concat);
      assertThat(text).contains("hello from the RUN step " + nonce).contains("token is ***").doesNotContain(secret);
    }

    // Both processes' metrics show the deploy.
    String apiMetrics = api.get("/q/metrics").body();
    assertThat(apiMetrics.lines())
        .anyMatch(l -> l.startsWith("dp_deployments_started_total{") && l.contains("trigger=\"api\""));
    String workerMetrics = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.get("DP_WORKER_METRICS_PORT") + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(workerMetrics.lines())
        .anyMatch(l -> l.startsWith("dp_deployments_finished_total{") && l.contains("code=\"KUBERNETES_NOT_CONFIGURED\""))
        .anyMatch(l -> l.startsWith("dp_deployment_phase_seconds_count{") && l.contains("phase=\"build\""))
        .anyMatch(l -> l.startsWith("dp_build_cache_steps_total{"));
    assertThat(apiMetrics + workerMetrics).doesNotContain(secret).doesNotContain(name);
  }

  private static String field(String json, String name) {
    try {
      return JSON.readTree(json).path(name).asText();
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  /** One Server-Sent Event as the EventSource algorithm assembles it (comments dropped). */
  record SseEvent(String type, String id, String data) {
    /** Every event of {@code path} until the server ends the stream (at most 3 minutes). */
    static List<SseEvent> readAll(ApiClient api, String path, String lastEventId) throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
          .header("Authorization", "Bearer " + api.apiKey())
          .header("Accept", "text/event-stream")
          .timeout(Duration.ofMinutes(3));
      if (lastEventId != null) {
        request.header("Last-Event-ID", lastEventId);
      }
      HttpResponse<java.util.stream.Stream<String>> response =
          HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
              .send(request.build(), HttpResponse.BodyHandlers.ofLines());
      assertThat(response.statusCode()).isEqualTo(200);
      List<SseEvent> events = new ArrayList<>();
      String type = null;
      String id = null;
      StringBuilder data = new StringBuilder();
      for (String line : (Iterable<String>) response.body()::iterator) {
        if (line.isEmpty()) {
          if (type != null) {
            events.add(new SseEvent(type, id, data.toString()));
          }
          type = null;
          data.setLength(0);
        } else if (line.startsWith("event:")) {
          type = line.substring(6).strip();
        } else if (line.startsWith("id:")) {
          id = line.substring(3).strip();
        } else if (line.startsWith("data:")) {
          data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
        }
      }
      return events;
    }
  }

  /** The launcher's environment with autodetection on and nothing it could detect set by hand. */
  static Map<String, String> autodetectingEnvironment(Path data, int apiPort) {
    Map<String, String> env = LauncherLifecycleIT.launcherEnvironment(data, apiPort, FreePorts.next(), FreePorts.next());
    env.remove("DP_AUTODETECT");
    env.put("DP_ALLOW_LOCAL_REPOS", "true");
    return env;
  }

  /** The launcher's environment with the engine's BuildKit, the loopback registry and the busybox base. */
  static Map<String, String> buildEnvironment(Path data, int apiPort) {
    Map<String, String> env = LauncherLifecycleIT.launcherEnvironment(data, apiPort, FreePorts.next(), FreePorts.next());
    env.put("DP_ALLOW_LOCAL_REPOS", "true");
    env.put("BUILDKIT_HOST", "docker:///var/run/docker.sock");
    env.put("REGISTRY_HOST", REGISTRY);
    env.put("DP_BASE_IMAGE_STATIC", BUSYBOX);
    return env;
  }

  /** Creates a static-site service from {@code repo}'s main branch; asserts the 202. */
  static ApiClient.Response createStaticService(ApiClient api, String name, GitRepo repo) throws Exception {
    ApiClient.Response created =
        api.post(
            "/v1/services",
            "{\"name\":" + ApiClient.quote(name) + ",\"repo\":" + ApiClient.quote(repo.fileUrl())
                + ",\"branch\":\"main\",\"build_pack\":\"static\"}");
    assertThat(created.status()).as("%s", created).isEqualTo(202);
    return created;
  }

  static void requireEngine() {
    String missing = null;
    if (!Files.exists(Path.of("/var/run/docker.sock"))) {
      missing = "no Docker engine at /var/run/docker.sock";
    } else if (manifestDigest("/base/busybox", "1") == null) {
      missing = BUSYBOX + " is not in the registry (run bin/base-images)";
    }
    if (missing != null) {
      assertThat(("true".equalsIgnoreCase(System.getenv("DP_REQUIRE_BUILDKIT")) || "true".equalsIgnoreCase(System.getenv("CI")))).as("DP_REQUIRE_BUILDKIT=true or CI=true but " + missing).isFalse();
      Assumptions.abort(missing);
    }
  }

  /** The registry's digest for a tag, or null. */
  static String manifestDigest(String repository, String tag) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<Void> head =
          http.send(
              HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2" + repository + "/manifests/" + tag))
                  .method("HEAD", HttpRequest.BodyPublishers.noBody())
                  .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return head.statusCode() == 200 ? head.headers().firstValue("Docker-Content-Digest").orElse(null) : null;
    } catch (Exception e) {
      return null;
    }
  }
}
