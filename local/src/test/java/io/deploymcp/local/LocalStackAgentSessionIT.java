package io.deploymcp.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.kubestandin.StandInCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Issue 6 §5's scripted agent session on the local stack: nothing but the official Java MCP SDK
 * client and the stack's API key, over Streamable HTTP against the launcher's API, with the
 * engine's BuildKit and the loopback registry building the image and the Kubernetes stand-in
 * (kube-standin/, in this JVM; the worker reaches it through KUBECONFIG) running it. Every step
 * is a tool call an agent would make: create and wait (progress notifications) → running;
 * set_env and redeploy → running, a new deployment; break it (the stand-in's kubelet crash-loops
 * containers whose environment says so) → failed, explained by get_deployment and get_service
 * while the previous deployment stays live; unset the variable and roll back → running without
 * a build; a refused delete (no confirm) → a tool error with code and hint; delete with confirm
 * → gone, no objects left in the stand-in. Skips or fails without the engine like
 * {@link LocalStackBuildIT}.
 */
class LocalStackAgentSessionIT {
  private static final Duration START = Duration.ofSeconds(180);
  private static final int WAIT_SECONDS = 90;

  @Test
  void anAgentDeploysChangesBreaksDiagnosesRollsBackAndDeletesThroughMcpAlone(TestInfo info) throws Exception {
    LocalStackBuildIT.requireEngine();
    try (OpenTempDir dir = new OpenTempDir();
        StandInCluster standIn = StandInCluster.start()) {
      Path tmp = dir.path();
      int apiPort = FreePorts.next();
      Map<String, String> env = LocalStackClusterIT.clusterEnvironment(tmp.resolve("data"), apiPort, standIn);
      GitRepo repo = GitRepo.withStaticSite(tmp.resolve("site"));
      String name = "agent-" + UUID.randomUUID().toString().substring(0, 8);

      try (LauncherProcess launcher = LauncherProcess.start(env, ItLogs.file(info))) {
        launcher.awaitLine(l -> l.contains("Press Ctrl-C to stop everything."), START);
        String key = Files.readString(tmp.resolve("data/api-key")).strip();
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();

        try (McpSyncClient agent = connect("http://127.0.0.1:" + apiPort, key, progress)) {
          assertThat(agent.listTools().tools()).extracting(McpSchema.Tool::name)
              .contains("create_service", "set_env", "redeploy", "get_service", "rollback", "delete_service");

          // 1. Create from the git repo and wait: running, with its URL and commit, and a progress
          //    notification for each phase the wait saw.
          McpSchema.CallToolResult createCall = agent.callTool(
              McpSchema.CallToolRequest.builder("create_service")
                  .arguments(args("name", name, "repo", repo.fileUrl(), "branch", "main", "build_pack", "static",
                      "wait_seconds", WAIT_SECONDS))
                  .progressToken("create-" + name)
                  .build());
          Map<String, Object> created = ok(createCall);
          assertThat(created).containsEntry("url", "https://" + name + ".apps.localhost");
          Map<String, Object> first = map(created.get("deployment"));
          assertThat(first).as("%s", created).containsEntry("status", "running")
              .containsEntry("commit_sha", repo.headSha()).containsEntry("trigger", "mcp");
          assertThat((String) first.get("image_ref")).startsWith(LocalStackBuildIT.REGISTRY + "/");
          assertThat(first.get("build_skipped")).isEqualTo(false);
          assertThat(text(createCall)).contains("running");
          assertThat(progress).as("progress of create").allSatisfy(p -> {
            assertThat(p.progressToken()).isEqualTo("create-" + name);
            assertThat(p.total()).isEqualTo(5.0);
          });
          awaitLastProgress(progress, "running");
          assertThat(progress).extracting(McpSchema.ProgressNotification::message)
              .as("phases seen while waiting").anySatisfy(m -> assertThat(m).startsWith("building"))
              .endsWith("running");
          assertThat(progress).extracting(McpSchema.ProgressNotification::progress).isSorted();
          assertThat(deployments(standIn, name)).isEqualTo(1);
          // The API reads the same cluster (KUBECONFIG passes to it): get_service shows the pod
          // (within the live-status cache's 5 s: the wait's progress may have read it mid-rollout).
          Map<String, Object> live = liveStatus(agent, name);
          for (int i = 0; i < 70 && !Integer.valueOf(1).equals(live.get("ready_replicas")); i++) {
            Thread.sleep(100);
            live = liveStatus(agent, name);
          }
          assertThat(live).as("%s", live).containsEntry("state", "ok").containsEntry("ready_replicas", 1)
              .containsEntry("desired_replicas", 1);

          // 2. Set a variable and redeploy with a wait: a new deployment runs and is live.
          ok(agent, "set_env", args("service", name, "key", "GREETING", "value", "hello", "secret", false));
          Map<String, Object> second =
              ok(agent, "redeploy", args("service", name, "wait_seconds", WAIT_SECONDS));
          assertThat(second).as("%s", second).containsEntry("status", "running");
          assertThat(second.get("id")).isNotEqualTo(first.get("id"));
          assertLive(agent, name, second.get("id"), "after the redeploy");
          assertThat(envSecretKeys(standIn, name)).as("the env Secret the new pods read").contains("GREETING");

          // 3. Break it: the stand-in's kubelet crash-loops a container with this variable. The
          //    deployment fails, explained by phase, code, log tail and hint, and the second one
          //    stays live and serving.
          ok(agent, "set_env", args("service", name, "key", "KUBE_STANDIN_BEHAVIOUR", "value", "crash-loop",
              "secret", false));
          Map<String, Object> broken =
              ok(agent, "redeploy", args("service", name, "wait_seconds", WAIT_SECONDS));
          assertThat(broken).as("%s", broken).containsEntry("status", "failed");
          assertThat((String) broken.get("hint")).contains("CRASH_LOOP").contains("get_logs");
          Map<String, Object> explained =
              ok(agent, "get_deployment", args("deployment_id", broken.get("id")));
          Map<String, Object> error = map(explained.get("error"));
          assertThat(error).as("%s", explained).containsEntry("code", "CRASH_LOOP").containsEntry("phase", "deploying");
          assertThat((String) error.get("log_tail")).isNotBlank();
          assertThat((String) error.get("hint")).isNotBlank();
          Map<String, Object> service = ok(agent, "get_service", args("name", name));
          assertThat(map(service.get("latest_deployment"))).containsEntry("id", broken.get("id"))
              .containsEntry("status", "failed");
          Map<String, Object> latestError = map(map(service.get("latest_deployment")).get("error"));
          assertThat(latestError).containsEntry("code", "CRASH_LOOP").containsEntry("log_tail", error.get("log_tail"))
              .containsEntry("hint", error.get("hint"));
          assertThat(liveDeployment(agent, name)).isEqualTo(second.get("id"));
          assertThat(readyImages(standIn, name)).containsExactly((String) second.get("image_ref"));

          // 4. Unset the variable (a rollback moves the image, not the environment) and roll back
          //    with a wait: running the live image again, without a build.
          ok(agent, "unset_env", args("service", name, "key", "KUBE_STANDIN_BEHAVIOUR"));
          progress.clear();
          McpSchema.CallToolResult rollbackCall = agent.callTool(
              McpSchema.CallToolRequest.builder("rollback")
                  .arguments(args("service", name, "wait_seconds", WAIT_SECONDS))
                  .progressToken("rollback-" + name)
                  .build());
          Map<String, Object> rolledBack = ok(rollbackCall);
          assertThat(rolledBack).as("%s", rolledBack).containsEntry("status", "running")
              .containsEntry("trigger", "rollback").containsEntry("source_deployment_id", second.get("id"))
              .containsEntry("image_ref", second.get("image_ref"));
          assertThat(rolledBack.get("building_at")).as("no build").isNull();
          assertThat(rolledBack.get("build_skipped")).as("the image is reused").isEqualTo(true);
          awaitLastProgress(progress, "running");
          assertThat(progress).extracting(McpSchema.ProgressNotification::message)
              .doesNotContain("cloning", "building").endsWith("running");
          Map<String, Object> buildLog = ok(agent, "get_logs",
              args("service", name, "type", "build", "deployment_id", rolledBack.get("id")));
          assertThat(list(buildLog.get("items"))).as("a rollback writes no build log").isEmpty();
          assertLive(agent, name, rolledBack.get("id"),
              "after the rollback (first " + first.get("id") + ", second " + second.get("id") + ", broken "
                  + broken.get("id") + ")");
          assertThat(readyImages(standIn, name)).containsExactly((String) second.get("image_ref"));

          // 5. A delete without confirm is refused as a tool result with code and hint, and
          //    changes nothing.
          McpSchema.CallToolResult refused =
              agent.callTool(McpSchema.CallToolRequest.builder("delete_service").arguments(args("name", name)).build());
          assertThat(refused.isError()).isTrue();
          Map<String, Object> problem = map(refused.structuredContent());
          assertThat(problem).containsEntry("code", "CONFIRMATION_REQUIRED");
          assertThat((String) problem.get("hint")).contains("confirm");
          assertThat(text(refused)).startsWith("CONFIRMATION_REQUIRED:");
          assertThat(ok(agent, "get_service", args("name", name))).containsEntry("name", name);
          assertThat(leftovers(standIn, name)).as("what the delete must remove")
              .anyMatch(o -> o.startsWith("Deployment/")).anyMatch(o -> o.startsWith("Secret/"))
              .anyMatch(o -> o.startsWith("Pod/")).anyMatch(o -> o.startsWith("Ingress/"));

          // 6. Delete with confirm: gone from reads, and nothing of it left in the stand-in.
          Map<String, Object> deleted = ok(agent, "delete_service", args("name", name, "confirm", name));
          assertThat(deleted).containsEntry("name", name).containsEntry("status", "deleting");
          McpSchema.CallToolResult gone =
              agent.callTool(McpSchema.CallToolRequest.builder("get_service").arguments(args("name", name)).build());
          assertThat(gone.isError()).isTrue();
          assertThat(map(gone.structuredContent())).containsEntry("code", "NOT_FOUND");
          Instant deadline = Instant.now().plusSeconds(60);
          while (!leftovers(standIn, name).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
          }
          assertThat(leftovers(standIn, name)).as("objects of %s left in the stand-in", name).isEmpty();
        }

        launcher.terminate();
        launcher.awaitExit(Duration.ofSeconds(90));
      }
    }
  }

  /** An initialized SDK client for the launcher's API, as an agent configures one: URL and key. */
  /**
   * The server writes the last notification before the tool's result, but the SDK's sync client
   * hands notifications to the consumer on another thread, so the result can be seen first.
   */
  static void awaitLastProgress(List<McpSchema.ProgressNotification> progress, String message) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline && (progress.isEmpty() || !message.equals(progress.getLast().message()))) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  static McpSyncClient connect(String baseUrl, String key, List<McpSchema.ProgressNotification> progress) {
    McpSyncClient client = McpClient.sync(
            HttpClientStreamableHttpTransport.builder(baseUrl).endpoint("/mcp")
                .httpRequestCustomizer((request, method, endpoint, body, context) ->
                    request.header("Authorization", "Bearer " + key))
                .build())
        .clientInfo(McpSchema.Implementation.builder("local-agent-session", "1.0").build())
        .requestTimeout(Duration.ofSeconds(WAIT_SECONDS + 30))
        .initializationTimeout(Duration.ofSeconds(20))
        .enableCallToolSchemaCaching(true)
        .progressConsumer(progress::add)
        .build();
    client.initialize();
    return client;
  }

  private static Map<String, Object> args(Object... pairs) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      arguments.put((String) pairs[i], pairs[i + 1]);
    }
    return arguments;
  }

  /** Calls a tool and returns its structured content, failing on a tool error. */
  private static Map<String, Object> ok(McpSyncClient agent, String tool, Map<String, Object> arguments) {
    return ok(agent.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build()));
  }

  private static Map<String, Object> ok(McpSchema.CallToolResult result) {
    assertThat(result.isError()).as("tool error: %s", result.structuredContent()).isNotEqualTo(Boolean.TRUE);
    return map(result.structuredContent());
  }

  private static String text(McpSchema.CallToolResult result) {
    return ((McpSchema.TextContent) result.content().getFirst()).text();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    assertThat(value).isInstanceOf(List.class);
    return (List<Object>) value;
  }

  /**
   * get_service names {@code expected} as production's live deployment at once: the worker marks
   * a deployment running and moves the live pointer in one statement.
   */
  private static void assertLive(McpSyncClient agent, String name, Object expected, String when) {
    assertThat(liveDeployment(agent, name)).as("live deployment %s", when).isEqualTo(expected);
  }

  private static Map<String, Object> liveStatus(McpSyncClient agent, String name) {
    Map<String, Object> service = ok(agent, "get_service", args("name", name));
    return map(map(map(service.get("environments")).get("production")).get("live"));
  }

  private static Object liveDeployment(McpSyncClient agent, String name) {
    Map<String, Object> service = ok(agent, "get_service", args("name", name));
    return map(map(service.get("environments")).get("production")).get("live_deployment_id");
  }

  /** Keys of the service's env Secret in the stand-in (values stay out of test output). */
  private static List<String> envSecretKeys(StandInCluster standIn, String name) {
    return standIn.client().secrets().inAnyNamespace().withLabel("app", name).list().getItems().stream()
        .flatMap(secret -> secret.getData() == null ? java.util.stream.Stream.<String>empty()
            : secret.getData().keySet().stream())
        .toList();
  }

  private static int deployments(StandInCluster standIn, String name) {
    return standIn.client().apps().deployments().inAnyNamespace().withLabel("app", name).list().getItems().size();
  }

  /** Images of the service's ready pods. */
  private static List<String> readyImages(StandInCluster standIn, String name) {
    return standIn.client().pods().inAnyNamespace().withLabel("app", name).list().getItems().stream()
        .filter(p -> p.getStatus() != null && p.getStatus().getConditions() != null
            && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
        .map(p -> p.getSpec().getContainers().getFirst().getImage())
        .distinct()
        .toList();
  }

  /** Every object of any kind a service has (applied or made by controllers) still carrying its label. */
  private static List<String> leftovers(StandInCluster standIn, String name) {
    KubernetesClient k = standIn.client();
    List<Function<KubernetesClient, List<? extends HasMetadata>>> kinds = List.of(
        c -> c.network().v1().ingresses().inAnyNamespace().withLabel("app", name).list().getItems(),
        c -> c.services().inAnyNamespace().withLabel("app", name).list().getItems(),
        c -> c.batch().v1().cronjobs().inAnyNamespace().withLabel("app", name).list().getItems(),
        c -> c.batch().v1().jobs().inAnyNamespace().withLabel("app", name).list().getItems(),
        c -> c.apps().deployments().inAnyNamespace().withLabel("app", name).list().getItems(),
        c -> c.apps().replicaSets().inAnyNamespace().withLabel("app", name).list().getItems(),
        c -> c.pods().inAnyNamespace().withLabel("app", name).list().getItems(),
        c -> c.secrets().inAnyNamespace().withLabel("app", name).list().getItems());
    return kinds.stream().flatMap(kind -> kind.apply(k).stream())
        .map(o -> o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
        .toList();
  }
}
