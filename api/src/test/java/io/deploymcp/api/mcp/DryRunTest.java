package io.deploymcp.api.mcp;

import static io.deploymcp.api.support.McpClients.call;
import static io.deploymcp.api.support.McpClients.structured;
import static io.deploymcp.api.support.McpClients.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.McpClients;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.Tenants;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.api.support.Workflows;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** dry_run validates fully and says what would happen, and writes or starts nothing (not even an audit entry). */
@QuarkusTest
@WithTestResource(TestStack.class)
class DryRunTest {
  @Inject DataSource dataSource;
  @Inject WorkflowClient workflowClient;

  private Db db;
  private Workflows workflows;
  private McpSyncClient client;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
    workflows = new Workflows(workflowClient);
    client = McpClients.connect(TestStack.BOOTSTRAP_KEY);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private List<Long> state() {
    return List.of(
        db.count("select count(*) from services"), db.count("select count(*) from deployments"),
        db.count("select count(*) from env_vars"), db.count("select count(*) from projects"),
        db.count("select count(*) from audit_log"), db.count("select count(*) from idempotency_keys"),
        (long) workflows.openCount());
  }

  private Map<String, Object> plan(String tool, Map<String, Object> arguments) {
    List<Long> before = state();
    McpSchema.CallToolResult result = call(client, tool, arguments);
    assertThat(result.isError()).as(text(result)).isFalse();
    assertThat(text(result)).startsWith("Dry run, nothing");
    assertThat(state()).as("a dry run writes and starts nothing").isEqualTo(before);
    return structured(result);
  }

  @Test
  @SuppressWarnings("unchecked")
  void createServiceDryRunShowsTheServiceProjectEnvAndDeployWithoutCreatingThem() {
    String name = Names.unique("mcp-dry");
    String project = "dry-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    Map<String, Object> plan =
        plan("create_service",
            Map.of("name", name, "repo", "https://github.com/org/app", "project", project, "memory", "1Gi",
                "env", Map.of("TOKEN", "never-shown", "NODE_ENV", "production"), "env_plain", List.of("NODE_ENV"),
                "idempotency_key", "dry-" + name, "dry_run", true));
    assertThat(plan).containsEntry("dry_run", true).containsEntry("action", "create")
        .containsEntry("project_created", true).containsEntry("url", "https://" + name + ".apps.test");
    assertThat((Map<String, Object>) plan.get("service")).containsEntry("name", name).containsEntry("project", project)
        .containsEntry("memory", "1Gi").containsEntry("cpu", "250m").containsEntry("build_pack", "railpack")
        .containsEntry("branch", "main");
    assertThat((List<Map<String, Object>>) plan.get("env")).extracting(e -> e.get("key") + ":" + e.get("secret"))
        .containsExactly("NODE_ENV:false", "TOKEN:true");
    assertThat((Map<String, Object>) plan.get("deployment")).containsEntry("environment", "production")
        .containsEntry("ref", "main");
    assertThat((String) plan.get("hint")).contains("Would create service " + name).contains("new project " + project);
    assertThat(plan.toString()).doesNotContain("never-shown");
  }

  @Test
  void createServiceDryRunValidatesLikeTheRealCall() {
    List<Long> before = state();
    McpSchema.CallToolResult invalid =
        call(client, "create_service", Map.of("name", "billing", "repo", "https://github.com/org/x", "dry_run", true));
    assertThat(structured(invalid)).containsEntry("code", "NAME_RESERVED");

    String taken = Names.unique("mcp-taken");
    String other = new Tenants(db).newTenantWithKey("dry-other-" + System.nanoTime(), "deploy");
    Api.as(other).body(Map.of("name", taken, "repo", "https://github.com/org/x")).post("/v1/services").then().statusCode(202);
    before = state();
    McpSchema.CallToolResult nameTaken =
        call(client, "create_service", Map.of("name", taken, "repo", "https://github.com/org/x", "dry_run", true));
    assertThat(structured(nameTaken)).containsEntry("code", "NAME_TAKEN");
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void createServiceDryRunOfAnExistingIdenticalServiceSaysNothingWouldHappen() {
    String name = Names.unique("mcp-dry");
    call(client, "create_service", Map.of("name", name, "repo", "https://github.com/org/" + name));
    Map<String, Object> plan =
        plan("create_service", Map.of("name", name, "repo", "https://github.com/org/" + name, "dry_run", true));
    assertThat(plan).containsEntry("action", "none").containsEntry("deployment", null);
  }

  @Test
  @SuppressWarnings("unchecked")
  void redeployAndUpdateDryRunsSayWhichRefAndWhichFields() {
    String name = Names.unique("mcp-dry");
    call(client, "create_service", Map.of("name", name, "repo", "https://github.com/org/" + name, "branch", "develop"));

    Map<String, Object> deploy = plan("redeploy", Map.of("service", name, "dry_run", true));
    assertThat(deploy).containsEntry("ref", "develop").containsEntry("ref_source", "service_branch")
        .containsEntry("environment", "production").containsEntry("service", name);
    Map<String, Object> commit =
        plan("redeploy", Map.of("service", name, "commit", "ABCDEF1", "environment", "preview", "dry_run", true));
    assertThat(commit).containsEntry("ref", "abcdef1").containsEntry("ref_source", "commit")
        .containsEntry("environment", "preview");

    Map<String, Object> update =
        plan("update_service", Map.of("name", name, "port", 9000, "branch", "develop", "cpu", "500m", "dry_run", true));
    assertThat((List<Map<String, Object>>) update.get("changes"))
        .extracting(c -> c.get("field") + ": " + c.get("from") + " -> " + c.get("to"))
        .containsExactly("port: 8080 -> 9000", "cpu: 250m -> 500m");
    assertThat(db.one("select port from services where name = ? and deleted_at is null", name)).isEqualTo(8080);

    McpSchema.CallToolResult invalid =
        call(client, "update_service", Map.of("name", name, "port", 0, "dry_run", true));
    assertThat(structured(invalid)).containsEntry("code", "INVALID_PORT");
  }
}
