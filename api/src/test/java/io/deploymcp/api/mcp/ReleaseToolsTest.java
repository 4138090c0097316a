package io.deploymcp.api.mcp;

import static io.deploymcp.api.support.McpClients.call;
import static io.deploymcp.api.support.McpClients.structured;
import static io.deploymcp.api.support.McpClients.text;
import static io.deploymcp.api.support.Releases.image;
import static io.deploymcp.api.support.Releases.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.McpClients;
import io.deploymcp.api.support.Releases;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.api.support.WorkerStandIn;
import io.deploymcp.api.support.WorkflowPayloads;
import io.deploymcp.api.support.Workflows;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The publish and rollback tools through the official SDK client: the REST twin's rules and
 * errors, idempotency_key, wait_seconds with progress, dry runs that write nothing, audit.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class ReleaseToolsTest {
  private static final String CLIENT = McpClients.CLIENT_NAME + "/" + McpClients.CLIENT_VERSION;

  @Inject DataSource dataSource;
  @Inject WorkflowClient workflowClient;

  private Db db;
  private Workflows workflows;
  private Releases releases;
  private McpSyncClient client;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
    workflows = new Workflows(workflowClient);
    releases = new Releases(db);
    client = McpClients.connect(TestStack.BOOTSTRAP_KEY);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private Map<String, Object> ok(String tool, Map<String, Object> arguments) {
    McpSchema.CallToolResult result = call(client, tool, arguments);
    assertThat(result.isError()).as(tool + ": " + text(result)).isFalse();
    return structured(result);
  }

  private String startedImage(String deploymentId) throws Exception {
    var started = workflows.history("deploy-" + deploymentId).getEvents(0).getWorkflowExecutionStartedEventAttributes();
    return new ObjectMapper().readTree(WorkflowPayloads.json(started.getInput().getPayloads(0))).get("imageRef").asText();
  }

  /** Everything a call could write or start. */
  private List<Long> state() {
    return List.of(
        db.count("select count(*) from deployments"), db.count("select count(*) from audit_log"),
        db.count("select count(*) from idempotency_keys"), db.count("select count(*) from service_environments"),
        (long) workflows.openCount());
  }

  @Test
  @SuppressWarnings("unchecked")
  void publishAndRollbackStartDeploymentsOfEarlierImagesAndAreAudited() throws Exception {
    Releases.Service service = releases.withLiveProduction("mcp-rel");
    UUID preview = releases.rolledOut(service.name(), "preview", 1);

    McpSchema.CallToolResult result = call(client, "publish", Map.of("service", service.name()));
    assertThat(result.isError()).as(text(result)).isFalse();
    Map<String, Object> published = structured(result);
    String publishId = (String) published.get("id");
    assertThat(published).containsEntry("trigger", "publish").containsEntry("environment", "production")
        .containsEntry("source_deployment_id", preview.toString()).containsEntry("image_ref", image(service.name(), 1))
        .containsEntry("commit_sha", sha(service.name(), 1)).containsEntry("status", "queued");
    assertThat((String) published.get("hint")).contains("get_deployment").contains(publishId);
    assertThat(text(result)).contains(publishId).contains(image(service.name(), 1));
    assertThat(startedImage(publishId)).isEqualTo(image(service.name(), 1));

    releases.worker().rollOut(UUID.fromString(publishId), null, image(service.name(), 1));
    Map<String, Object> got = ok("get_service", Map.of("name", service.name()));
    Map<String, Map<String, Object>> environments = (Map<String, Map<String, Object>>) got.get("environments");
    assertThat(environments.get("production")).containsEntry("live_deployment_id", publishId);
    assertThat(environments.get("preview")).containsEntry("live_deployment_id", preview.toString());

    Map<String, Object> rollback = ok("rollback", Map.of("service", service.name()));
    assertThat(rollback).containsEntry("trigger", "rollback")
        .containsEntry("source_deployment_id", service.firstDeployment().toString())
        .containsEntry("image_ref", image(service.name(), 0));
    assertThat(startedImage((String) rollback.get("id"))).isEqualTo(image(service.name(), 0));

    Map<String, Object> named =
        ok("rollback", Map.of("service", service.name(), "deployment_id", publishId));
    assertThat(named).containsEntry("source_deployment_id", publishId);

    assertThat(db.column("select action || ' ' || outcome || ' ' || client || ' ' || (detail->>'tool') from audit_log"
        + " where target in (?, ?) order by id", "services/" + service.name() + "/publish",
        "services/" + service.name() + "/rollback"))
        .containsExactly("deployment.publish accepted " + CLIENT + " publish",
            "deployment.rollback accepted " + CLIENT + " rollback", "deployment.rollback accepted " + CLIENT + " rollback");
  }

  @Test
  void refusalsAreToolErrorsWithTheRestCodesAndChangeNothing() {
    Releases.Service fresh = releases.create("mcp-rel-none");
    Releases.Service service = releases.withLiveProduction("mcp-rel-err");
    UUID preview = releases.rolledOut(service.name(), "preview", 1);
    Map<String, Map<String, Object>> cases = new java.util.LinkedHashMap<>();
    cases.put("NOTHING_TO_PUBLISH", Map.of("tool", "publish", "service", fresh.name()));
    cases.put("NOTHING_TO_ROLL_BACK", Map.of("tool", "rollback", "service", service.name()));
    cases.put("DEPLOYMENT_NOT_FOUND", Map.of("tool", "publish", "service", service.name(), "deployment_id", fresh.firstDeployment().toString()));
    cases.put("DEPLOYMENT_NOT_PUBLISHABLE", Map.of("tool", "publish", "service", service.name(), "deployment_id", service.firstDeployment().toString()));
    cases.put("DEPLOYMENT_NOT_ROLLBACKABLE", Map.of("tool", "rollback", "service", service.name(), "deployment_id", preview.toString()));
    cases.put("ALREADY_LIVE", Map.of("tool", "rollback", "service", service.name(), "deployment_id", service.firstDeployment().toString()));
    cases.put("INVALID_FIELD", Map.of("tool", "publish", "service", service.name(), "deployment_id", "nope"));
    cases.put("UNKNOWN_FIELD", Map.of("tool", "rollback", "service", service.name(), "environment", "preview"));
    cases.put("NOT_FOUND", Map.of("tool", "publish", "service", "no-such-service"));
    cases.forEach(
        (code, spec) -> {
          Map<String, Object> arguments = new HashMap<>(spec);
          String tool = (String) arguments.remove("tool");
          long deployments = db.count("select count(*) from deployments");
          int open = workflows.openCount();
          McpSchema.CallToolResult result = call(client, tool, arguments);
          assertThat(result.isError()).as(code).isTrue();
          assertThat(structured(result)).as(code).containsEntry("code", code).containsKeys("message", "hint");
          assertThat(db.count("select count(*) from deployments")).as(code + ": no row").isEqualTo(deployments);
          assertThat(workflows.openCount()).as(code + ": no workflow").isEqualTo(open);
        });
    assertThat(db.column("select detail->>'code' from audit_log where target = ? and outcome = 'rejected' order by id",
        "services/" + service.name() + "/rollback"))
        .containsExactly("NOTHING_TO_ROLL_BACK", "DEPLOYMENT_NOT_ROLLBACKABLE", "ALREADY_LIVE", "UNKNOWN_FIELD");
  }

  @Test
  void theToolAndRestRefuseTheSameRequestIdentically() {
    Releases.Service service = releases.withLiveProduction("mcp-rel-parity");
    Map<String, Object> problem =
        Api.admin().post("/v1/services/" + service.name() + "/publish").then().statusCode(409).extract().as(Map.class);
    Map<String, Object> tool = structured(call(client, "publish", Map.of("service", service.name())));
    assertThat(tool).containsEntry("code", problem.get("code")).containsEntry("message", problem.get("detail"))
        .containsEntry("hint", problem.get("hint"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void dryRunsSayWhichDeploymentAndImageProductionWouldRunAndWriteNothing() {
    Releases.Service service = releases.withLiveProduction("mcp-rel-dry");
    UUID current = releases.rolledOut(service.name(), "production", 1);
    UUID preview = releases.rolledOut(service.name(), "preview", 2);

    List<Long> before = state();
    McpSchema.CallToolResult publish =
        call(client, "publish", Map.of("service", service.name(), "dry_run", true, "idempotency_key", "dry-" + service.name()));
    McpSchema.CallToolResult rollback = call(client, "rollback", Map.of("service", service.name(), "dry_run", true));
    assertThat(state()).as("dry runs write, start, audit and store nothing").isEqualTo(before);

    assertThat(publish.isError()).as(text(publish)).isFalse();
    assertThat(text(publish)).startsWith("Dry run, nothing started.");
    assertThat(structured(publish)).containsEntry("dry_run", true).containsEntry("action", "publish")
        .containsEntry("environment", "production").containsEntry("source", "live_preview")
        .containsEntry("source_deployment_id", preview.toString()).containsEntry("source_environment", "preview")
        .containsEntry("image_ref", image(service.name(), 2)).containsEntry("commit_sha", sha(service.name(), 2))
        .containsEntry("replaces_deployment_id", current.toString())
        .containsEntry("replaces_image_ref", image(service.name(), 1));
    assertThat(structured(rollback)).containsEntry("action", "rollback").containsEntry("source", "previous_good")
        .containsEntry("source_deployment_id", service.firstDeployment().toString())
        .containsEntry("image_ref", image(service.name(), 0));
    assertThat((String) structured(rollback).get("hint")).contains("without a build").contains(image(service.name(), 0));

    Map<String, Object> named =
        structured(call(client, "publish",
            Map.of("service", service.name(), "deployment_id", preview.toString(), "dry_run", true)));
    assertThat(named).containsEntry("source", "named");

    // Validated exactly like the real call.
    McpSchema.CallToolResult refused =
        call(client, "rollback",
            Map.of("service", service.name(), "deployment_id", preview.toString(), "dry_run", true));
    assertThat(structured(refused)).containsEntry("code", "DEPLOYMENT_NOT_ROLLBACKABLE");
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void anIdempotencyKeyReplaysThePublishAndWaitSecondsFollowsItWithProgress() throws Exception {
    Releases.Service service = releases.withLiveProduction("mcp-rel-wait");
    releases.rolledOut(service.name(), "preview", 1);
    WorkerStandIn worker = releases.worker();
    List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    try (McpSyncClient waiting = McpClients.connect(TestStack.BOOTSTRAP_KEY, progress)) {
      CompletableFuture<Void> standIn =
          CompletableFuture.runAsync(
              () -> {
                Duration timeout = Duration.ofSeconds(20);
                WorkerStandIn.await(() -> progress.stream().anyMatch(p -> "queued".equals(p.message())), timeout, "queued");
                UUID id = (UUID) db.one(
                    "select id from deployments where service_id = ? and trigger = 'publish'", service.id());
                worker.enterPhase(id, "deploying");
                WorkerStandIn.await(() -> progress.stream().anyMatch(p -> "deploying".equals(p.message())), timeout, "deploying");
                worker.rollOut(id, null, image(service.name(), 1));
              }, Thread::startVirtualThread);
      McpSchema.CallToolResult result =
          waiting.callTool(
              McpSchema.CallToolRequest.builder("publish")
                  .arguments(Map.of("service", service.name(), "wait_seconds", 60, "idempotency_key", "pub-" + service.name()))
                  .progressToken("publish-" + service.name())
                  .build());
      standIn.get(5, TimeUnit.SECONDS);
      assertThat(result.isError()).as(text(result)).isFalse();
      // The SDK's sync client hands notifications to the consumer on another thread: the result
      // can arrive first although the server wrote the last notification before it.
      await().atMost(Duration.ofSeconds(5)).until(() -> progress.size() >= 3);
      assertThat(progress).extracting(McpSchema.ProgressNotification::message).containsExactly("queued", "deploying", "running");
      assertThat(progress).extracting(McpSchema.ProgressNotification::progress).containsExactly(0.0, 3.0, 5.0);
      Map<String, Object> published = structured(result);
      assertThat(published).containsEntry("status", "running").containsKey("waited_seconds");
      assertThat((String) published.get("hint")).endsWith("is running.");

      long rows = releases.deploymentsOf(service.id());
      McpSchema.CallToolResult again =
          call(waiting, "publish", Map.of("service", service.name(), "idempotency_key", "pub-" + service.name()));
      assertThat(structured(again)).containsEntry("id", published.get("id"));
      assertThat(releases.deploymentsOf(service.id())).as("replayed, not run again").isEqualTo(rows);
      assertThat(releases.live(service.id(), "production")).isEqualTo(UUID.fromString((String) published.get("id")));
    }
  }
}
