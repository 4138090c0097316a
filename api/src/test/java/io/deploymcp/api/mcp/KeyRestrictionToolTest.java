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
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A key restricted to services or a project, through the official MCP client: the same
 * application services as REST refuse with KEY_RESTRICTED (isError, {code, message, hint}),
 * nothing is written and no workflow starts; list tools leave the other services out.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class KeyRestrictionToolTest {
  @Inject DataSource dataSource;
  @Inject WorkflowClient workflowClient;

  @Test
  @SuppressWarnings("unchecked")
  void aRestrictedKeyCallsToolsOnlyOnItsServices() {
    Db db = new Db(dataSource);
    Workflows workflows = new Workflows(workflowClient);
    String admin = new Tenants(db).newTenantWithKey("mcp-restrict-" + System.nanoTime(), "admin");
    String mine = Names.unique("mr-mine");
    String other = Names.unique("mr-other");
    for (String name : List.of(mine, other)) {
      Api.as(admin).body(Map.of("name", name, "repo", "https://github.com/org/" + name)).post("/v1/services")
          .then().statusCode(202);
    }
    String otherDeployment = Api.as(admin).get("/v1/services/" + other).then().extract().path("latest_deployment.id");
    String key =
        Api.as(admin).body(Map.of("scopes", List.of("deploy"), "services", List.of(mine))).post("/v1/api-keys")
            .then().statusCode(201).extract().path("key");

    Map<String, Map<String, Object>> refusals =
        Map.ofEntries(
            Map.entry("get_service", Map.of("name", other)),
            Map.entry("list_deployments", Map.of("service", other)),
            Map.entry("get_deployment", Map.of("deployment_id", otherDeployment)),
            Map.entry("get_logs", Map.of("service", other)),
            Map.entry("create_service", Map.of("name", Names.unique("mr-new"), "repo", "https://github.com/org/x")),
            Map.entry("redeploy", Map.of("service", other)),
            Map.entry("cancel_deployment", Map.of("deployment_id", otherDeployment)),
            Map.entry("delete_service", Map.of("name", other, "confirm", other)),
            Map.entry("set_env", Map.of("service", other, "key", "A", "value", "b")),
            Map.entry("unset_env", Map.of("service", other, "key", "A")),
            Map.entry("update_service", Map.of("name", other, "port", 1234)),
            Map.entry("publish", Map.of("service", other)),
            Map.entry("rollback", Map.of("service", other)));
    long services = db.count("select count(*) from services where deleted_at is null");
    long deployments = db.count("select count(*) from deployments");
    long env = db.count("select count(*) from env_vars");
    int open = workflows.openCount();
    try (McpSyncClient client = McpClients.connect(key)) {
      Map<String, Object> whoami = structured(call(client, "whoami", Map.of()));
      assertThat((Map<String, Object>) whoami.get("restriction")).containsEntry("services", List.of(mine));
      McpSchema.CallToolResult list = call(client, "list_services", Map.of());
      assertThat((List<Map<String, Object>>) structured(list).get("items")).extracting(s -> s.get("name"))
          .containsExactly(mine);
      assertThat(call(client, "get_service", Map.of("name", mine)).isError()).isFalse();
      refusals.forEach(
          (tool, args) -> {
            McpSchema.CallToolResult result = call(client, tool, args);
            assertThat(result.isError()).as(tool).isTrue();
            assertThat(structured(result)).as(tool).containsEntry("code", "KEY_RESTRICTED").containsKey("hint");
            assertThat((String) structured(result).get("message")).as(tool).contains(mine);
          });
    }
    assertThat(db.count("select count(*) from services where deleted_at is null")).isEqualTo(services);
    assertThat(db.count("select count(*) from deployments")).isEqualTo(deployments);
    assertThat(db.count("select count(*) from env_vars")).isEqualTo(env);
    assertThat(db.one("select port from services where name = ? and deleted_at is null", other)).isEqualTo(8080);
    assertThat(workflows.openCount()).isEqualTo(open);
    assertThat(db.column("select outcome || ' ' || (detail->>'code') from audit_log"
            + " where api_key_id = (select id from api_keys where key_hash = ?)", ApiKeys.hash(key)))
        .as("each refused mutating call is audited as such").hasSize(9).containsOnly("rejected KEY_RESTRICTED");
  }
}
