package io.deploymcp.api.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deploymcp.api.support.McpClients;
import io.deploymcp.api.support.McpHttp;
import io.deploymcp.api.support.TestStack;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** tools/list as an agent reads it: the tool set, described arguments with constraints, hints, size. */
@QuarkusTest
@WithTestResource(TestStack.class)
class ToolListTest {
  static final Set<String> TOOLS =
      Set.of(
          "whoami", "list_projects", "create_service", "get_service", "list_services", "list_deployments",
          "get_deployment", "redeploy", "cancel_deployment", "delete_service", "set_env", "unset_env",
          "update_service", "get_logs", "publish", "rollback", "get_metrics");
  private static final Set<String> READ_ONLY =
      Set.of(
          "whoami", "list_projects", "get_service", "list_services", "list_deployments", "get_deployment", "get_logs",
          "get_metrics");

  @Test
  void listsTheToolsOfThisRelease() {
    try (McpSyncClient client = McpClients.connect(TestStack.BOOTSTRAP_KEY)) {
      List<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
      assertThat(names).containsExactlyInAnyOrderElementsOf(TOOLS);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyArgumentIsDescribedAndUnknownOnesAreClosedOff() {
    try (McpSyncClient client = McpClients.connect(TestStack.BOOTSTRAP_KEY)) {
      for (McpSchema.Tool tool : client.listTools().tools()) {
        assertThat(tool.description()).as(tool.name()).hasSizeGreaterThan(30);
        assertThat(tool.outputSchema()).as(tool.name() + " outputSchema").containsEntry("type", "object");
        Map<String, Object> input = tool.inputSchema();
        assertThat(input).as(tool.name()).containsEntry("type", "object").containsEntry("additionalProperties", false);
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) input.get("properties");
        properties.forEach(
            (name, schema) -> {
              assertThat((String) schema.get("description")).as(tool.name() + "." + name).isNotBlank();
              assertThat(schema.containsKey("type") || schema.containsKey("enum"))
                  .as(tool.name() + "." + name + " has a type or an enum").isTrue();
            });
        for (Object required : (List<Object>) input.getOrDefault("required", List.of())) {
          assertThat(properties).as(tool.name() + " required " + required).containsKey((String) required);
        }
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void statesConstraintsAndBehaviourHints() {
    try (McpSyncClient client = McpClients.connect(TestStack.BOOTSTRAP_KEY)) {
      Map<String, McpSchema.Tool> tools = new java.util.HashMap<>();
      client.listTools().tools().forEach(t -> tools.put(t.name(), t));

      Map<String, Map<String, Object>> create =
          (Map<String, Map<String, Object>>) tools.get("create_service").inputSchema().get("properties");
      assertThat(create.get("name")).containsKey("pattern");
      assertThat(create.get("build_pack")).containsEntry("enum", List.of("railpack", "dockerfile", "static"));
      assertThat(create.get("port")).containsEntry("minimum", 1).containsEntry("maximum", 65535);
      assertThat(create.get("wait_seconds")).containsEntry("minimum", 0).containsEntry("maximum", 600);
      assertThat(create).containsKeys("idempotency_key", "dry_run", "env", "env_plain", "watch_paths");
      assertThat(tools.get("create_service").inputSchema().get("required")).isEqualTo(List.of("name", "repo"));
      assertThat(tools.get("delete_service").inputSchema().get("required")).isEqualTo(List.of("name", "confirm"));

      for (McpSchema.Tool tool : tools.values()) {
        McpSchema.ToolAnnotations hints = tool.annotations();
        assertThat(hints.readOnlyHint()).as(tool.name()).isEqualTo(READ_ONLY.contains(tool.name()));
        assertThat(hints.openWorldHint()).as(tool.name()).isFalse();
      }
      assertThat(tools.get("delete_service").annotations().destructiveHint()).isTrue();
      assertThat(tools.get("create_service").annotations().destructiveHint()).isFalse();
      assertThat(tools.get("redeploy").annotations().idempotentHint()).isFalse();
      assertThat(tools.get("set_env").annotations().idempotentHint()).isTrue();
      for (String release : List.of("publish", "rollback")) {
        McpSchema.Tool tool = tools.get(release);
        assertThat(tool.annotations().destructiveHint()).as(release + " replaces what production serves").isTrue();
        assertThat(tool.annotations().idempotentHint()).as(release + " starts a new deployment each time").isFalse();
        assertThat(tool.inputSchema().get("required")).isEqualTo(List.of("service"));
        assertThat((Map<String, Object>) tool.inputSchema().get("properties"))
            .containsOnlyKeys("service", "deployment_id", "idempotency_key", "wait_seconds", "dry_run");
      }
    }
  }

  @Test
  void theWholeToolListStaysUnder12KiB() throws Exception {
    String session = McpHttp.session(TestStack.BOOTSTRAP_KEY);
    String body = McpHttp.call(TestStack.BOOTSTRAP_KEY, session, "tools/list", "{}").then().statusCode(200)
        .extract().asString();
    JsonNode tools = new ObjectMapper().readTree(body).path("result").path("tools");
    String compact = new ObjectMapper().writeValueAsString(tools);
    // Kept for docs/mcp.md and for whoever trims the descriptions next.
    java.nio.file.Files.writeString(java.nio.file.Path.of("target", "mcp-tools-list.json"), compact);
    int bytes = compact.getBytes(StandardCharsets.UTF_8).length;
    assertThat(tools.size()).isEqualTo(TOOLS.size());
    assertThat(bytes).as("compact JSON of tools/list").isLessThan(12 * 1024);
  }
}
