package io.deploymcp.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploymcp.embedded.LokiStandIn;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Issue 14 §1 end to end: the local stack with LOKI_URL pointing at a {@link LokiStandIn} (a
 * stand-in for Loki in the test JVM) for both the worker and the API. A real build (the Docker
 * engine's BuildKit, busybox from the loopback registry) whose Dockerfile echoes a line and prints
 * a secret env value: the worker ships every masked line to the stand-in, and the API answers
 * the logs endpoint and get_logs (the official MCP client) from it, in order, filtered, with the
 * secret nowhere. Skips without the engine and registry, as LocalStackBuildIT. About a minute, so
 * outside the default run (issue 14's CI budget): {@code ./mvnw -B -pl local verify -Ddp.long=true
 * -Dit.test=LocalStackLokiIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false} after the jars
 * are built.
 */
@EnabledIfSystemProperty(named = "dp.long", matches = "true")
class LocalStackLokiIT {
  private static final Duration START = Duration.ofSeconds(180);

  @Test
  void aRealBuildsLogGoesThroughLokiAndComesBackOverRestAndMcp(TestInfo info) throws Exception {
    LocalStackBuildIT.requireEngine();
    String secret = "loki-e2e-" + UUID.randomUUID();
    String nonce = UUID.randomUUID().toString();
    try (OpenTempDir dir = new OpenTempDir(); LokiStandIn loki = new LokiStandIn()) {
      Path tmp = dir.path();
      int apiPort = FreePorts.next();
      Map<String, String> env = LocalStackBuildIT.buildEnvironment(tmp.resolve("data"), apiPort);
      env.put("LOKI_URL", loki.url());
      GitRepo repo = GitRepo.withFiles(tmp.resolve("app"), Map.of("Dockerfile",
          "FROM " + LocalStackBuildIT.BUSYBOX + "\n"
              + "RUN echo \"hello from the RUN step " + nonce + "\"\n"
              + "RUN --mount=type=secret,id=API_TOKEN echo \"token is $(cat /run/secrets/API_TOKEN)\"\n"));
      String name = "loki-" + UUID.randomUUID().toString().substring(0, 8);

      try (LauncherProcess launcher = LauncherProcess.start(env, ItLogs.file(info))) {
        launcher.awaitLine(l -> l.contains("Press Ctrl-C to stop everything."), START);
        String key = Files.readString(tmp.resolve("data/api-key")).strip();
        ApiClient api = new ApiClient("http://127.0.0.1:" + apiPort, key);
        JsonNode status = api.get("/v1/status").json();
        assertThat(status.path("logs").path("build").asText()).as("%s", status).isEqualTo("loki");
        assertThat(status.path("logs").path("runtime").asText()).isEqualTo("loki");

        ApiClient.Response created = api.post("/v1/services",
            "{\"name\":" + ApiClient.quote(name) + ",\"repo\":" + ApiClient.quote(repo.fileUrl())
                + ",\"branch\":\"main\",\"build_pack\":\"dockerfile\",\"env\":{\"API_TOKEN\":" + ApiClient.quote(secret) + "}}");
        assertThat(created.status()).as("%s", created).isEqualTo(202);
        String deploymentId = created.json().path("deployment_id").asText();
        LocalStackIT.awaitFinished(api, deploymentId);

        // What reached Loki: the seed's labels, the deployment id as metadata, the secret masked.
        List<LokiStandIn.Entry> shipped = loki.entries().stream()
            .filter(e -> deploymentId.equals(e.metadata().get("deployment_id"))).toList();
        assertThat(shipped).isNotEmpty().allSatisfy(e -> assertThat(e.stream())
            .containsEntry("job", "build").containsEntry("service", name).containsKeys("tenant", "project"));
        assertThat(String.join("\n", loki.pushBodies())).doesNotContain(secret).contains("token is ***");

        // Read back over REST from Loki, oldest first, page by page.
        List<String> lines = new ArrayList<>();
        String cursor = null;
        do {
          ApiClient.Response page = api.get("/v1/services/" + name + "/logs?deployment_id=" + deploymentId
              + "&order=oldest&limit=20" + (cursor == null ? "" : "&cursor=" + cursor));
          assertThat(page.status()).as("%s", page).isEqualTo(200);
          assertThat(page.body()).doesNotContain(secret);
          page.json().path("items").forEach(i -> lines.add(i.path("line").asText()));
          cursor = page.json().path("next_cursor").isNull() ? null : page.json().path("next_cursor").asText();
        } while (cursor != null);
        assertThat(lines).hasSize(shipped.size()).doesNotHaveDuplicates();
        int echo = indexOf(lines, "hello from the RUN step " + nonce);
        int token = indexOf(lines, "token is ***");
        assertThat(echo).isNotNegative().isLessThan(token);
        assertThat(indexOf(lines, "build plan: dockerfile")).isNotNegative().isLessThan(echo);

        try (McpSyncClient mcp = LocalStackAgentSessionIT.connect("http://127.0.0.1:" + apiPort, key, new ArrayList<>())) {
          McpSchema.CallToolResult result = mcp.callTool(new McpSchema.CallToolRequest("get_logs",
              Map.of("service", name, "deployment_id", deploymentId, "contains", nonce)));
          assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
          assertThat(result.structuredContent().toString()).contains("hello from the RUN step " + nonce)
              .doesNotContain(secret);
          assertThat(((List<?>) ((Map<?, ?>) result.structuredContent()).get("items"))).hasSize(
              (int) lines.stream().filter(l -> l.contains(nonce)).count());
        }
        launcher.terminate();
        launcher.awaitExit(Duration.ofSeconds(90));
      }
    }
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }
}
