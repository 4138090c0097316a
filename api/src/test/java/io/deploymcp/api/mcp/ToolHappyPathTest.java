package io.deploymcp.api.mcp;

import static io.deploymcp.api.support.McpClients.call;
import static io.deploymcp.api.support.McpClients.structured;
import static io.deploymcp.api.support.McpClients.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.McpClients;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.Tenants;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.api.support.Workflows;
import io.deploymcp.store.logs.LogLine;
import io.deploymcp.store.logs.LogStore;
import io.deploymcp.store.logs.LogType;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each tool's happy path through the official SDK client, checked against what was really written. */
@QuarkusTest
@WithTestResource(TestStack.class)
class ToolHappyPathTest {
  @Inject DataSource dataSource;
  @Inject WorkflowClient workflowClient;
  @Inject LogStore logStore;

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

  private Map<String, Object> ok(String tool, Map<String, Object> arguments) {
    McpSchema.CallToolResult result = call(client, tool, arguments);
    assertThat(result.isError()).as(tool + ": " + text(result)).isFalse();
    assertThat(text(result)).as(tool + " text summary").isNotBlank();
    return structured(result);
  }

  private String create(String name) {
    Map<String, Object> created = ok("create_service", Map.of("name", name, "repo", "https://github.com/org/" + name));
    return (String) created.get("deployment_id");
  }

  @Test
  @SuppressWarnings("unchecked")
  void createServiceWritesTheServiceAndStartsAnMcpTriggeredDeploy() {
    String name = Names.unique("mcp-create");
    McpSchema.CallToolResult result =
        call(client, "create_service",
            Map.of("name", name, "repo", "https://github.com/org/app", "branch", "develop", "port", 3000,
                "env", Map.of("API_TOKEN", "s3cret-value", "NODE_ENV", "production"), "env_plain", List.of("NODE_ENV")));
    assertThat(result.isError()).isFalse();
    Map<String, Object> created = structured(result);
    String deploymentId = (String) created.get("deployment_id");
    assertThat(created).containsEntry("name", name).containsEntry("url", "https://" + name + ".apps.test")
        .containsEntry("port", 3000).containsEntry("existing", false);
    assertThat((Map<String, Object>) created.get("deployment")).containsEntry("status", "queued")
        .containsEntry("trigger", "mcp").containsEntry("requested_ref", "develop");
    assertThat((String) created.get("hint")).contains("get_deployment").contains(deploymentId);
    assertThat(text(result)).contains(name).contains(deploymentId);
    assertThat(result.toString()).doesNotContain("s3cret-value");

    assertThat(db.count("select count(*) from services where name = ? and deleted_at is null", name)).isEqualTo(1);
    assertThat(db.one("select trigger from deployments where id = ?", UUID.fromString(deploymentId))).isEqualTo("mcp");
    assertThat(db.column("select key || ':' || secret from env_vars e join services s on s.id = e.service_id where s.name = ? order by key", name))
        .containsExactly("API_TOKEN:true", "NODE_ENV:false");
    assertThat(workflows.describe("deploy-" + deploymentId)).isPresent();

    Map<String, Object> again = ok("create_service", Map.of("name", name, "repo", "https://github.com/org/app"));
    assertThat(again).containsEntry("existing", true).containsEntry("deployment_id", deploymentId);
  }

  @Test
  @SuppressWarnings("unchecked")
  void readToolsShowServicesDeploymentsProjectsAndTheCaller() {
    String name = Names.unique("mcp-read");
    String deploymentId = create(name);

    Map<String, Object> service = ok("get_service", Map.of("name", name));
    assertThat(service).containsEntry("name", name).containsEntry("project", "default");
    assertThat((Map<String, Object>) service.get("latest_deployment")).containsEntry("id", deploymentId);

    Map<String, Object> page = ok("list_services", Map.of("limit", 200));
    assertThat((List<Map<String, Object>>) page.get("items")).extracting(s -> s.get("name")).contains(name);

    Map<String, Object> deployments = ok("list_deployments", Map.of("service", name));
    assertThat((List<Map<String, Object>>) deployments.get("items")).extracting(d -> d.get("id"))
        .containsExactly(deploymentId);

    Map<String, Object> deployment = ok("get_deployment", Map.of("deployment_id", deploymentId));
    assertThat(deployment).containsEntry("id", deploymentId).containsEntry("service", name)
        .containsEntry("status", "queued");

    Map<String, Object> projects = ok("list_projects", Map.of());
    assertThat((List<Map<String, Object>>) projects.get("items")).extracting(p -> p.get("name")).contains("default");

    assertThat(ok("whoami", Map.of())).containsEntry("tenant", "default")
        .containsEntry("scopes", List.of("read", "deploy", "admin"));
  }

  @Test
  void redeployAndCancelStartAndStopDeployments() {
    String name = Names.unique("mcp-redeploy");
    create(name);
    Map<String, Object> redeploy =
        ok("redeploy", Map.of("service", name, "commit", "abcdef1234567", "environment", "preview"));
    String id = (String) redeploy.get("id");
    assertThat(redeploy).containsEntry("status", "queued").containsEntry("trigger", "mcp")
        .containsEntry("requested_ref", "abcdef1234567").containsEntry("environment", "preview");
    assertThat(workflows.describe("deploy-" + id)).isPresent();

    Map<String, Object> cancelled = ok("cancel_deployment", Map.of("deployment_id", id));
    assertThat(cancelled).containsEntry("id", id);
    assertThat((String) cancelled.get("hint")).contains("get_deployment");
    assertThat(workflows.history("deploy-" + id).getEventsList())
        .anyMatch(e -> e.getEventType() == io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
  }

  @Test
  @SuppressWarnings("unchecked")
  void updateServiceChangesOnlyTheGivenSettings() {
    String name = Names.unique("mcp-update");
    create(name);
    Map<String, Object> updated =
        ok("update_service", Map.of("name", name, "port", 9090, "memory", "512Mi", "watch_paths", List.of("libs/common")));
    assertThat(updated).containsEntry("port", 9090).containsEntry("memory", "512Mi").containsEntry("branch", "main")
        .containsEntry("watch_paths", List.of("libs/common"));
    assertThat((String) updated.get("hint")).contains("deploy");
    assertThat(db.one("select port from services where name = ? and deleted_at is null", name)).isEqualTo(9090);
  }

  @Test
  void setAndUnsetEnvStoreNamesNeverValues() {
    String name = Names.unique("mcp-env");
    create(name);
    Map<String, Object> set = ok("set_env", Map.of("service", name, "key", "DATABASE_URL", "value", "postgres://secret"));
    assertThat(set).containsEntry("key", "DATABASE_URL").containsEntry("secret", true);
    assertThat(set.toString()).doesNotContain("postgres://secret");
    ok("set_env", Map.of("service", name, "key", "NODE_ENV", "value", "production", "secret", false));
    assertThat(db.column("select key || ':' || secret from env_vars e join services s on s.id = e.service_id where s.name = ? order by key", name))
        .containsExactly("DATABASE_URL:true", "NODE_ENV:false");

    Map<String, Object> removed = ok("unset_env", Map.of("service", name, "key", "DATABASE_URL"));
    assertThat(removed).containsEntry("key", "DATABASE_URL").containsEntry("service", name);
    assertThat(db.column("select key from env_vars e join services s on s.id = e.service_id where s.name = ?", name))
        .containsExactly("NODE_ENV");
  }

  @Test
  void deleteServiceWithConfirmFreesTheName() {
    String name = Names.unique("mcp-delete");
    create(name);
    Map<String, Object> deleted = ok("delete_service", Map.of("name", name, "confirm", name));
    assertThat(deleted).containsEntry("name", name).containsEntry("status", "deleting");
    assertThat(db.count("select count(*) from services where name = ? and deleted_at is null", name)).isZero();
    assertThat(workflows.describe((String) deleted.get("workflow_id"))).isPresent();
  }

  @Test
  @SuppressWarnings("unchecked")
  void getLogsReadsTheBuildLogNewestFirst() {
    String name = Names.unique("mcp-logs");
    UUID deploymentId = UUID.fromString(create(name));
    UUID tenant = new Tenants(db).tenantId("default");
    logStore.append(tenant, deploymentId, LogType.BUILD,
        IntStream.rangeClosed(1, 5).mapToObj(i -> LogLine.now("stdout", "step " + i)).toList());

    McpSchema.CallToolResult result = call(client, "get_logs", Map.of("service", name, "limit", 3));
    assertThat(result.isError()).isFalse();
    Map<String, Object> page = structured(result);
    assertThat((List<Map<String, Object>>) page.get("items")).extracting(l -> l.get("line"))
        .containsExactly("step 5", "step 4", "step 3");
    assertThat(page.get("next_cursor")).isNotNull();
    assertThat(text(result)).contains("step 5").contains(deploymentId.toString());

    Map<String, Object> older = ok("get_logs", Map.of("service", name, "cursor", page.get("next_cursor")));
    assertThat((List<Map<String, Object>>) older.get("items")).extracting(l -> l.get("line"))
        .containsExactly("step 2", "step 1");
  }
}
