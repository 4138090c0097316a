package io.deploymcp.api.logs;

import static io.deploymcp.api.support.McpClients.call;
import static io.deploymcp.api.support.McpClients.structured;
import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.McpClients;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.Tenants;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.store.logs.LogLine;
import io.deploymcp.store.logs.LogStore;
import io.deploymcp.store.logs.LogType;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The log filters on the PostgreSQL path (no LOKI_URL), through REST and through get_logs with a
 * real MCP client: the same lines for the same parameters, pages that neither skip nor repeat,
 * and every bad value refused with its code before anything is read.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class LogFilterApiTest {
  @Inject DataSource dataSource;
  @Inject LogStore logStore;

  private UUID tenant;
  private String name;
  private Instant t0;
  private McpSyncClient mcp;

  @BeforeEach
  void setUp() {
    tenant = new Tenants(new Db(dataSource)).tenantId("default");
    name = Names.unique("filters");
    String deployment = Api.admin().body(Map.of("name", name, "repo", "https://github.com/org/" + name))
        .post("/v1/services").then().statusCode(202).extract().path("deployment_id");
    t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
    List<LogLine> lines = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      String text = i % 3 == 0 ? "step " + i + " ERROR: failed" : i % 3 == 1 ? "step " + i + " level=info ok" : "step " + i + " plain";
      lines.add(new LogLine(t0.plusSeconds(i * 10L), LogLine.STDOUT, text));
    }
    logStore.append(tenant, UUID.fromString(deployment), LogType.BUILD, lines);
    mcp = McpClients.connect(TestStack.BOOTSTRAP_KEY);
  }

  @AfterEach
  void close() {
    mcp.close();
  }

  private List<String> rest(Map<String, String> params) {
    List<String> lines = new ArrayList<>();
    String cursor = null;
    do {
      var request = Api.admin().queryParams(params);
      if (cursor != null) {
        request = request.queryParam("cursor", cursor);
      }
      JsonPath page = request.get("/v1/services/" + name + "/logs").then().statusCode(200).extract().jsonPath();
      lines.addAll(page.getList("items.line"));
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    return lines;
  }

  @SuppressWarnings("unchecked")
  private List<String> tool(Map<String, Object> params) {
    List<String> lines = new ArrayList<>();
    String cursor = null;
    do {
      Map<String, Object> args = new HashMap<>(params);
      args.put("service", name);
      if (cursor != null) {
        args.put("cursor", cursor);
      }
      McpSchema.CallToolResult result = call(mcp, "get_logs", args);
      assertThat(result.isError()).as(McpClients.text(result)).isFalse();
      Map<String, Object> page = structured(result);
      ((List<Map<String, Object>>) page.get("items")).forEach(i -> lines.add((String) i.get("line")));
      cursor = (String) page.get("next_cursor");
    } while (cursor != null);
    return lines;
  }

  private void same(Map<String, String> params, String... expected) {
    assertThat(rest(params)).as("REST " + params).containsExactly(expected);
    assertThat(tool(new HashMap<>(params.entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> (Object) (e.getKey().equals("limit") ? Integer.valueOf(e.getValue()) : e.getValue()))))))
        .as("MCP " + params).containsExactly(expected);
  }

  @Test
  void containsLevelAndTimeFilterTheSameThroughBothInterfaces() {
    same(Map.of("contains", "ERROR", "limit", "1"), "step 12 ERROR: failed", "step 9 ERROR: failed", "step 6 ERROR: failed", "step 3 ERROR: failed");
    same(Map.of("level", "error", "order", "oldest", "limit", "3"), "step 3 ERROR: failed", "step 6 ERROR: failed", "step 9 ERROR: failed", "step 12 ERROR: failed");
    same(Map.of("level", "info", "since", t0.plusSeconds(40).toString(), "until", t0.plusSeconds(100).toString(), "limit", "2"),
        "step 9 ERROR: failed", "step 7 level=info ok", "step 6 ERROR: failed", "step 4 level=info ok");
    same(Map.of("since", "15m", "contains", "step 1", "limit", "1"), "step 12 ERROR: failed", "step 11 plain", "step 10 level=info ok", "step 1 level=info ok");
  }

  @Test
  void cursorPagesNeitherSkipNorRepeatInEitherOrder() {
    List<String> newest = rest(Map.of("limit", "5"));
    List<String> oldest = rest(Map.of("limit", "5", "order", "oldest"));
    assertThat(newest).hasSize(12).doesNotHaveDuplicates();
    assertThat(oldest).containsExactlyElementsOf(newest.reversed());
    assertThat(tool(Map.of("limit", 4, "order", "oldest"))).containsExactlyElementsOf(oldest);
  }

  @Test
  void badFilterValuesAreRefusedWithTheirCodes() {
    Map<String, String> bad = Map.of(
        "since", "yesterday", "until", "2026-13-01T00:00:00Z", "level", "fatal", "order", "sideways",
        "contains", "x".repeat(257));
    Map<String, String> codes = Map.of(
        "since", "INVALID_TIME", "until", "INVALID_TIME", "level", "INVALID_LOG_LEVEL", "order", "INVALID_PARAMETER",
        "contains", "INVALID_PARAMETER");
    bad.forEach((param, value) -> {
      Api.admin().queryParam(param, value).get("/v1/services/" + name + "/logs").then().statusCode(400)
          .body("code", org.hamcrest.Matchers.equalTo(codes.get(param)))
          .body("hint", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()))
          .body("errors[0].field", org.hamcrest.Matchers.equalTo(param));
      McpSchema.CallToolResult result = call(mcp, "get_logs", Map.of("service", name, param, value));
      assertThat(result.isError()).as(param).isTrue();
      assertThat(structured(result)).containsEntry("code", codes.get(param)).containsKey("hint");
    });
    Api.admin().queryParam("since", "1h").queryParam("until", "2h").get("/v1/services/" + name + "/logs")
        .then().statusCode(400).body("code", org.hamcrest.Matchers.equalTo("INVALID_TIME"));
    Api.admin().queryParam("contains", "a\u0001b").get("/v1/services/" + name + "/logs").then().statusCode(400);
    String newest = Api.admin().queryParam("limit", "2").get("/v1/services/" + name + "/logs").then().statusCode(200)
        .extract().path("next_cursor");
    Api.admin().queryParam("cursor", newest).queryParam("order", "oldest").get("/v1/services/" + name + "/logs")
        .then().statusCode(400).body("code", org.hamcrest.Matchers.equalTo("INVALID_CURSOR"));
  }

  @Test
  void statusSaysWhereEachLogTypeIsRead() {
    Api.admin().get("/v1/status").then().body("logs.build", org.hamcrest.Matchers.equalTo("postgres"))
        .body("logs.runtime", org.hamcrest.Matchers.equalTo("kubernetes"));
  }
}
