package io.deploymcp.api.mcp;

import static io.deploymcp.api.support.McpClients.call;
import static io.deploymcp.api.support.McpClients.structured;
import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.McpClients;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.TestStack;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One code path: a tool and its REST twin, given the same input, answer the same (the same
 * error code, message, hint and field errors; the same body), because both call the same
 * application service with arguments bound by the same strict mapper.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class RestParityTest {
  private McpSyncClient client;

  @BeforeEach
  void setUp() {
    client = McpClients.connect(TestStack.BOOTSTRAP_KEY);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> rest(io.restassured.response.Response response) {
    return response.then().extract().as(Map.class);
  }

  /** The REST problem as the tool reports it: detail becomes message, the rest stays. */
  private static Map<String, Object> asToolError(Map<String, Object> problem) {
    Map<String, Object> error = new HashMap<>();
    error.put("code", problem.get("code"));
    error.put("message", problem.get("detail"));
    error.put("hint", problem.get("hint"));
    if (problem.containsKey("errors")) {
      error.put("errors", problem.get("errors"));
    }
    return error;
  }

  @Test
  void createServiceRefusesBadInputExactlyLikePostServices() {
    String name = Names.unique("mcp-parity");
    List<Map<String, Object>> inputs =
        List.of(
            Map.of("name", "Bad_Name", "repo", "https://github.com/org/x"),
            Map.of("name", "billing", "repo", "https://github.com/org/x"),
            Map.of("name", name, "repo", "file:///etc"),
            Map.of("name", name, "repo", "https://github.com/org/x", "port", "8080"),
            Map.of("name", name, "repo", "https://github.com/org/x", "port", 0),
            Map.of("name", name, "repo", "https://github.com/org/x", "env", Map.of("A", 1)),
            Map.of("name", name, "repo", "https://github.com/org/x", "branch", "-x"),
            Map.of("name", "UP", "repo", "ftp://x", "memory", "lots", "kind", "cron"));
    for (Map<String, Object> input : inputs) {
      Map<String, Object> problem = rest(Api.admin().body(input).post("/v1/services"));
      McpSchema.CallToolResult result = call(client, "create_service", input);
      assertThat(result.isError()).as(input.toString()).isTrue();
      assertThat(structured(result)).as(input.toString()).isEqualTo(asToolError(problem));
    }
    Map<String, Object> unknown = Map.of("name", name, "repo", "https://github.com/org/x", "app", "x");
    assertThat(structured(call(client, "create_service", unknown)).get("code"))
        .isEqualTo(rest(Api.admin().body(unknown).post("/v1/services")).get("code"));
  }

  @Test
  void readToolsAnswerWithTheRestBody() {
    String name = Names.unique("mcp-parity");
    String deploymentId =
        Api.admin().body(Map.of("name", name, "repo", "https://github.com/org/" + name)).post("/v1/services")
            .then().statusCode(202).extract().path("deployment_id");
    Api.admin().body(Map.of("value", "x")).put("/v1/services/" + name + "/env/TOKEN").then().statusCode(200);

    assertThat(structured(call(client, "get_service", Map.of("name", name))))
        .isEqualTo(rest(Api.admin().get("/v1/services/" + name)));
    assertThat(structured(call(client, "get_deployment", Map.of("deployment_id", deploymentId))))
        .isEqualTo(rest(Api.admin().get("/v1/deployments/" + deploymentId)));
    assertThat(structured(call(client, "list_deployments", Map.of("service", name, "limit", 5))))
        .isEqualTo(rest(Api.admin().get("/v1/services/" + name + "/deployments?limit=5")));
    assertThat(structured(call(client, "get_logs", Map.of("service", name))))
        .isEqualTo(rest(Api.admin().get("/v1/services/" + name + "/logs")));
    assertThat(structured(call(client, "whoami", Map.of()))).isEqualTo(rest(Api.admin().get("/v1/whoami")));
    assertThat(structured(call(client, "list_projects", Map.of()))).isEqualTo(rest(Api.admin().get("/v1/projects")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void mutatingToolsAnswerWithTheRestBodyForTheSameChange() {
    String viaRest = Names.unique("mcp-parity-r");
    String viaMcp = Names.unique("mcp-parity-m");
    Map<String, Object> settings =
        Map.of("branch", "develop", "port", 3000, "cpu", "500m", "memory", "512Mi", "kind", "worker",
            "watch_paths", List.of("libs"), "env", Map.of("NODE_ENV", "production"), "env_plain", List.of("NODE_ENV"));
    Map<String, Object> restBody = new HashMap<>(settings);
    restBody.putAll(Map.of("name", viaRest, "repo", "https://github.com/org/parity"));
    Map<String, Object> toolArgs = new HashMap<>(settings);
    toolArgs.putAll(Map.of("name", viaMcp, "repo", "https://github.com/org/parity"));

    Map<String, Object> created = rest(Api.admin().body(restBody).post("/v1/services"));
    Map<String, Object> createdByTool = structured(call(client, "create_service", toolArgs));
    assertThat(normalize(createdByTool, viaMcp)).isEqualTo(normalize(created, viaRest));
    assertThat(((Map<String, Object>) createdByTool.get("deployment")).get("trigger")).isEqualTo("mcp");
    assertThat(((Map<String, Object>) created.get("deployment")).get("trigger")).isEqualTo("api");

    Map<String, Object> patch = Map.of("port", 4000, "schedule", "*/5 * * * *", "kind", "cron", "root_dir", "app");
    Map<String, Object> updated = rest(Api.admin().body(patch).patch("/v1/services/" + viaRest));
    Map<String, Object> updateArgs = new HashMap<>(patch);
    updateArgs.put("name", viaMcp);
    Map<String, Object> updatedByTool = structured(call(client, "update_service", updateArgs));
    assertThat(normalize(updatedByTool, viaMcp)).isEqualTo(normalize(updated, viaRest));
  }

  private static final Set<String> VOLATILE =
      Set.of("id", "deployment_id", "created_at", "updated_at", "workflow_id", "hint", "trigger");

  /** Drops ids, times, hints and the trigger, and writes the service name as NAME. */
  @SuppressWarnings("unchecked")
  private static Object normalize(Object node, String name) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new HashMap<>();
      ((Map<String, Object>) map).forEach((k, v) -> {
        if (!VOLATILE.contains(k)) {
          out.put(k, normalize(v, name));
        }
      });
      return out;
    }
    if (node instanceof List<?> list) {
      return list.stream().map(v -> normalize(v, name)).toList();
    }
    if (node instanceof String s) {
      return s.replace(name, "NAME");
    }
    return node;
  }
}
