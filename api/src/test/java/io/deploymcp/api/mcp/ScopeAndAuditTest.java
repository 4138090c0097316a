package io.deploymcp.api.mcp;

import static io.deploymcp.api.support.McpClients.call;
import static io.deploymcp.api.support.McpClients.structured;
import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.api.auth.ApiKeys;
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
import io.restassured.path.json.JsonPath;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A read key cannot mutate through MCP; every mutating call lands in the audit log with its MCP client. */
@QuarkusTest
@WithTestResource(TestStack.class)
class ScopeAndAuditTest {
  private static final String CLIENT = McpClients.CLIENT_NAME + "/" + McpClients.CLIENT_VERSION;

  @Inject DataSource dataSource;
  @Inject WorkflowClient workflowClient;

  private Db db;
  private Tenants tenants;
  private Workflows workflows;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
    tenants = new Tenants(db);
    workflows = new Workflows(workflowClient);
  }

  private String serviceOfDefaultTenant() {
    String name = Names.unique("mcp-scope");
    Api.admin().body(Map.of("name", name, "repo", "https://github.com/org/" + name)).post("/v1/services")
        .then().statusCode(202);
    return name;
  }

  @Test
  void aReadKeyReadsButCannotCallAnyMutatingTool() {
    String name = serviceOfDefaultTenant();
    String deploymentId =
        Api.admin().get("/v1/services/" + name).then().extract().path("latest_deployment.id");
    String reader = tenants.defaultTenantKey("read");
    Map<String, Map<String, Object>> mutations =
        Map.of(
            "create_service", Map.of("name", Names.unique("mcp-ro"), "repo", "https://github.com/org/x"),
            "redeploy", Map.of("service", name),
            "cancel_deployment", Map.of("deployment_id", deploymentId),
            "delete_service", Map.of("name", name, "confirm", name),
            "set_env", Map.of("service", name, "key", "A", "value", "b"),
            "unset_env", Map.of("service", name, "key", "A"),
            "update_service", Map.of("name", name, "port", 1234),
            "publish", Map.of("service", name),
            "rollback", Map.of("service", name));
    long services = db.count("select count(*) from services where deleted_at is null");
    long deployments = db.count("select count(*) from deployments");
    int open = workflows.openCount();
    try (McpSyncClient client = McpClients.connect(reader)) {
      assertThat(call(client, "get_service", Map.of("name", name)).isError()).isFalse();
      mutations.forEach(
          (tool, args) -> {
            McpSchema.CallToolResult result = call(client, tool, args);
            assertThat(result.isError()).as(tool).isTrue();
            assertThat(structured(result)).as(tool).containsEntry("code", "INSUFFICIENT_SCOPE");
            assertThat((String) structured(result).get("message")).contains("deploy");
          });
    }
    assertThat(db.count("select count(*) from services where deleted_at is null")).isEqualTo(services);
    assertThat(db.count("select count(*) from deployments")).isEqualTo(deployments);
    assertThat(db.one("select port from services where name = ? and deleted_at is null", name)).isEqualTo(8080);
    assertThat(workflows.openCount()).isEqualTo(open);
    assertThat(db.column("select outcome || ' ' || (detail->>'code') from audit_log where api_key_id ="
        + " (select id from api_keys where key_hash = ?)", ApiKeys.hash(reader)))
        .hasSize(mutations.size()).containsOnly("rejected INSUFFICIENT_SCOPE");
    assertThat(db.column("select target from audit_log where action = 'service.delete' and api_key_id ="
        + " (select id from api_keys where key_hash = ?)", ApiKeys.hash(reader))).containsExactly("services/" + name);
  }

  @Test
  @SuppressWarnings("unchecked")
  void auditsMutatingCallsWithKeyClientToolMaskedArgumentsAndOutcome() {
    String tenant = "mcp-audit-" + System.nanoTime();
    String key = tenants.newTenantWithKey(tenant, "deploy", "admin");
    String name = Names.unique("mcp-audit");
    try (McpSyncClient client = McpClients.connect(key)) {
      call(client, "create_service",
          Map.of("name", name, "repo", "https://github.com/org/" + name, "env", Map.of("API_TOKEN", "tok-123-secret")));
      call(client, "set_env", Map.of("service", name, "key", "DB_PASSWORD", "value", "hunter2-secret"));
      call(client, "create_service", Map.of("name", "Invalid", "repo", "https://github.com/org/x"));
      call(client, "get_service", Map.of("name", name));
      call(client, "whoami", Map.of());
      call(client, "update_service", Map.of("name", name, "port", 9000, "dry_run", true));
    }

    JsonPath audit = Api.as(key).get("/v1/audit").then().statusCode(200).extract().jsonPath();
    List<Map<String, Object>> items = audit.getList("items");
    assertThat(items).as("reads and dry runs are not audited")
        .extracting(e -> e.get("action") + " " + e.get("outcome"))
        .containsExactly("service.create rejected", "env.set accepted", "service.create accepted");
    Map<String, Object> create = items.get(2);
    assertThat(create).containsEntry("actor", ApiKeys.prefixOf(key)).containsEntry("client", CLIENT)
        .containsEntry("target", "services/" + name);
    Map<String, Object> detail = (Map<String, Object>) create.get("detail");
    assertThat(detail).containsEntry("via", "mcp").containsEntry("tool", "create_service").containsEntry("status", 200);
    assertThat((Map<String, Object>) ((Map<String, Object>) detail.get("arguments")).get("env"))
        .containsEntry("API_TOKEN", "***");
    Map<String, Object> setEnv = items.get(1);
    assertThat(setEnv).containsEntry("target", "services/" + name + "/env/DB_PASSWORD");
    assertThat((Map<String, Object>) ((Map<String, Object>) setEnv.get("detail")).get("arguments"))
        .containsEntry("value", "***").containsEntry("key", "DB_PASSWORD");
    assertThat((Map<String, Object>) items.get(0).get("detail")).containsEntry("code", "INVALID_NAME")
        .containsEntry("status", 422);
    assertThat(audit.prettify()).doesNotContain("tok-123-secret").doesNotContain("hunter2-secret");
    assertThat(db.count("select count(*) from audit_log where detail::text like '%-secret%'")).isZero();
  }
}
