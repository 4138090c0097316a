package io.deploymcp.api.mcp;

import static io.deploymcp.api.support.McpClients.structured;
import static io.deploymcp.api.support.McpClients.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.McpClients;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.api.support.WorkerStandIn;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * wait_seconds: a tool that started a deploy waits for it, sending a progress notification per
 * phase when the client sent a progress token. The deploy is moved through its phases by a
 * worker stand-in, one phase after each notification, as a deploy without BuildKit goes:
 * queued, cloning, building (then its current step), failed with BUILDKIT_NOT_CONFIGURED.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class WaitAndProgressTest {
  @Inject DataSource dataSource;

  private Db db;
  private WorkerStandIn worker;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
    worker = new WorkerStandIn(db);
  }

  private static boolean saw(List<McpSchema.ProgressNotification> progress, String message) {
    return progress.stream().anyMatch(p -> message.equals(p.message()));
  }

  @Test
  @SuppressWarnings("unchecked")
  void createServiceWaitsThroughEveryPhaseWithProgressNotifications() throws Exception {
    List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    String name = Names.unique("mcp-wait");
    try (McpSyncClient client = McpClients.connect(TestStack.BOOTSTRAP_KEY, progress)) {
      CompletableFuture<Void> standIn =
          CompletableFuture.runAsync(
              () -> {
                Duration timeout = Duration.ofSeconds(20);
                WorkerStandIn.await(() -> saw(progress, "queued"), timeout, "queued");
                UUID id = (UUID) db.one(
                    "select d.id from deployments d join services s on s.id = d.service_id where s.name = ?", name);
                worker.enterPhase(id, "cloning");
                WorkerStandIn.await(() -> saw(progress, "cloning"), timeout, "cloning");
                worker.enterPhase(id, "building");
                WorkerStandIn.await(() -> saw(progress, "building"), timeout, "building");
                worker.buildLogStep(id, "#4 [2/3] RUN make");
                worker.buildLogStep(id, "#4 DONE 0.1s");
                WorkerStandIn.await(() -> saw(progress, "building: #4 [2/3] RUN make"), timeout, "build step");
                worker.failWithoutBuildKit(id);
              }, Thread::startVirtualThread);

      McpSchema.CallToolResult result =
          client.callTool(
              McpSchema.CallToolRequest.builder("create_service")
                  .arguments(Map.of("name", name, "repo", "https://github.com/org/" + name, "wait_seconds", 60))
                  .progressToken("deploy-" + name)
                  .build());
      standIn.get(5, TimeUnit.SECONDS);

      assertThat(result.isError()).isFalse();
      assertThat(progress).extracting(McpSchema.ProgressNotification::message)
          .containsExactly(
              "queued", "cloning", "building", "building: #4 [2/3] RUN make", "failed: BUILDKIT_NOT_CONFIGURED");
      assertThat(progress).extracting(McpSchema.ProgressNotification::progress)
          .containsExactly(0.0, 1.0, 2.0, 2.0, 5.0);
      assertThat(progress).allSatisfy(p -> {
        assertThat(p.total()).isEqualTo(5.0);
        assertThat(p.progressToken()).isEqualTo("deploy-" + name);
      });

      Map<String, Object> created = structured(result);
      Map<String, Object> deployment = (Map<String, Object>) created.get("deployment");
      assertThat(deployment).containsEntry("status", "failed");
      assertThat((Map<String, Object>) deployment.get("error"))
          .containsEntry("code", "BUILDKIT_NOT_CONFIGURED").containsEntry("phase", "building");
      assertThat((String) created.get("hint")).contains("BUILDKIT_NOT_CONFIGURED").contains("Set BUILDKIT_HOST")
          .contains("get_logs");
      assertThat(created).containsKey("waited_seconds");
      assertThat(text(result)).contains("failed while building with BUILDKIT_NOT_CONFIGURED");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aWaitThatRunsOutReturnsTheCurrentPhaseAndHowToFollow() {
    String name = Names.unique("mcp-wait");
    Api.admin().body(Map.of("name", name, "repo", "https://github.com/org/" + name)).post("/v1/services")
        .then().statusCode(202);
    List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    try (McpSyncClient client = McpClients.connect(TestStack.BOOTSTRAP_KEY, progress)) {
      long started = System.nanoTime();
      McpSchema.CallToolResult result =
          client.callTool(
              McpSchema.CallToolRequest.builder("redeploy").arguments(Map.of("service", name, "wait_seconds", 1))
                  .progressToken(7).build());
      long tookMillis = (System.nanoTime() - started) / 1_000_000;

      assertThat(tookMillis).isBetween(900L, 5_000L);
      Map<String, Object> deployment = structured(result);
      assertThat(deployment).containsEntry("status", "queued");
      assertThat((String) deployment.get("hint")).startsWith("Still queued after").contains("get_deployment");
      assertThat(progress).extracting(McpSchema.ProgressNotification::message).containsExactly("queued");
    }
  }

  @Test
  void withoutAWaitTheToolAnswersAtOnceWithTheDeploymentAndTheNextStep() {
    String name = Names.unique("mcp-nowait");
    List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    try (McpSyncClient client = McpClients.connect(TestStack.BOOTSTRAP_KEY, progress)) {
      McpSchema.CallToolResult result =
          client.callTool(
              McpSchema.CallToolRequest.builder("create_service")
                  .arguments(Map.of("name", name, "repo", "https://github.com/org/" + name))
                  .progressToken("t").build());
      Map<String, Object> created = structured(result);
      String id = (String) created.get("deployment_id");
      assertThat((String) created.get("hint"))
          .isEqualTo("Deployment " + id + " is queued: call get_deployment with deployment_id " + id
              + " to follow it, or pass wait_seconds to wait for it.");
      assertThat(created).doesNotContainKey("waited_seconds");
      assertThat(progress).isEmpty();
    }
  }

  @Test
  void aWaitWithoutProgressTokenSendsNoNotificationsButStillEndsWithTheDeploy() throws Exception {
    String name = Names.unique("mcp-wait");
    Api.admin().body(Map.of("name", name, "repo", "https://github.com/org/" + name)).post("/v1/services")
        .then().statusCode(202);
    List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    try (McpSyncClient client = McpClients.connect(TestStack.BOOTSTRAP_KEY, progress)) {
      CompletableFuture<McpSchema.CallToolResult> call =
          CompletableFuture.supplyAsync(
              () -> McpClients.call(client, "redeploy", Map.of("service", name, "wait_seconds", 60)), Thread::startVirtualThread);
      WorkerStandIn.await(
          () -> db.count("select count(*) from deployments d join services s on s.id = d.service_id where s.name = ?",
              name) == 2, Duration.ofSeconds(10), "the redeploy");
      UUID id = (UUID) db.one("select d.id from deployments d join services s on s.id = d.service_id where s.name = ?"
          + " order by d.created_at desc limit 1", name);
      worker.failWithoutBuildKit(id);
      McpSchema.CallToolResult result = call.get(10, TimeUnit.SECONDS);
      assertThat(structured(result)).containsEntry("id", id.toString()).containsEntry("status", "failed");
      assertThat(progress).isEmpty();
    }
  }
}
