package io.deploymcp.api.logs;

import static io.deploymcp.api.support.McpClients.call;
import static io.deploymcp.api.support.McpClients.structured;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.LokiStandInResource;
import io.deploymcp.api.support.McpClients;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.embedded.LokiStandIn;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API on LOKI_URL, pointed at the {@link LokiStandIn} (a stand-in for Loki). Build lines are
 * pushed to it in the JSON body Loki4j sends (the shape LokiBuildLogShippingTest sees the worker
 * send for a real build: stream {job, tenant, project, service}, metadata {deployment_id, seq,
 * stream}); runtime lines in the shape Alloy ships pod logs (infra/values/alloy.yml). Both come
 * back through REST and through get_logs in order, filtered, paged, tenant-isolated, masked.
 * With DP_TEST_LOKI_URL set (see {@link LokiStandInResource}) the same test runs against a real Loki.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
@WithTestResource(LokiStandInResource.class)
class LokiLogApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private McpSyncClient mcp;
  private String name;
  private UUID deployment;
  private long t0;

  @BeforeEach
  void setUp() throws Exception {
    name = Names.unique("loki");
    deployment = UUID.fromString(Api.admin().body(Map.of("name", name, "repo", "https://github.com/org/" + name))
        .post("/v1/services").then().statusCode(202).extract().path("deployment_id"));
    t0 = (Instant.now().getEpochSecond() - 120) * 1_000_000_000L;
    List<List<Object>> values = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      String line = i % 10 == 0 ? "#" + i + " ERROR: step " + i + " failed" : "#" + i + " step " + i + " output";
      // Two lines share each nanosecond (i, i+1 for odd i): seq keeps them apart and in order.
      values.add(List.of(Long.toString(t0 + (i + 1) / 2 * 1000L), line,
          Map.of("deployment_id", deployment.toString(), "seq", Integer.toString(i), "stream", i % 2 == 0 ? "stderr" : "stdout")));
    }
    push(Map.of("job", "build", "tenant", "default", "project", "default", "service", name), values);
    // Another tenant's build of a service with the same labels otherwise: never readable here.
    push(Map.of("job", "build", "tenant", "other", "project", "default", "service", name),
        List.of(List.of(Long.toString(t0 + 500), "#1 other tenant's line",
            Map.of("deployment_id", deployment.toString(), "seq", "99", "stream", "stdout"))));
    mcp = McpClients.connect(TestStack.BOOTSTRAP_KEY);
  }

  @AfterEach
  void close() {
    mcp.close();
  }

  private void push(Map<String, String> stream, List<List<Object>> values) throws Exception {
    String body = JSON.writeValueAsString(Map.of("streams", List.of(Map.of("stream", stream, "values", values))));
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(LokiStandInResource.pushBase() + "/loki/api/v1/push"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
  }

  private List<Map<String, Object>> rest(Map<String, String> params) {
    List<Map<String, Object>> items = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      var request = Api.admin().queryParams(params);
      if (cursor != null) {
        request = request.queryParam("cursor", cursor);
      }
      JsonPath page = request.get("/v1/services/" + name + "/logs").then().statusCode(200).extract().jsonPath();
      items.addAll(page.getList("items"));
      cursor = page.getString("next_cursor");
      assertThat(++pages).isLessThan(50);
    } while (cursor != null);
    return items;
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> tool(Map<String, Object> params) {
    List<Map<String, Object>> items = new ArrayList<>();
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
      items.addAll((List<Map<String, Object>>) page.get("items"));
      cursor = (String) page.get("next_cursor");
    } while (cursor != null);
    return items;
  }

  private static List<Object> seqs(List<Map<String, Object>> items) {
    return items.stream().map(i -> (Object) ((Number) i.get("seq")).intValue()).toList();
  }

  private static List<Object> range(int from, int to) {
    List<Object> out = new ArrayList<>();
    for (int i = from; from <= to ? i <= to : i >= to; i += from <= to ? 1 : -1) {
      out.add(i);
    }
    return out;
  }

  @Test
  void buildLinesComeBackInOrderThroughRestAndMcpPageByPage() {
    List<Map<String, Object>> newest = rest(Map.of("limit", "7"));
    assertThat(seqs(newest)).containsExactlyElementsOf(range(30, 1));
    assertThat(newest.getFirst()).containsEntry("stream", "stderr").containsEntry("line", "#30 ERROR: step 30 failed");
    assertThat(seqs(rest(Map.of("limit", "4", "order", "oldest")))).containsExactlyElementsOf(range(1, 30));
    assertThat(seqs(tool(Map.of("limit", 3)))).containsExactlyElementsOf(range(30, 1));
    assertThat(seqs(tool(Map.of("limit", 8, "order", "oldest")))).containsExactlyElementsOf(range(1, 30));
    // The query the API sent: the seed's stream selector with the caller's tenant, the deployment as metadata.
    assertThat(LokiStandInResource.queries()).contains("{job=\"build\",tenant=\"default\",project=\"default\",service=\"" + name
        + "\"} | deployment_id=\"" + deployment + "\"");
  }

  @Test
  void filtersApplyInLokiThroughBothInterfaces() {
    Map<String, String> errors = Map.of("level", "error");
    assertThat(seqs(rest(errors))).containsExactly(30, 20, 10);
    assertThat(seqs(tool(Map.of("level", "error", "order", "oldest", "limit", 1)))).containsExactly(10, 20, 30);
    List<Object> step2 = new ArrayList<>(range(29, 20));
    step2.add(2);
    assertThat(seqs(rest(Map.of("contains", "step 2", "limit", "2")))).containsExactlyElementsOf(step2);
    String since = Instant.ofEpochSecond(0, t0 + 5 * 1000L).toString();
    String until = Instant.ofEpochSecond(0, t0 + 8 * 1000L).toString();
    // since inclusive, until exclusive, at nanosecond precision: seq 9-14 share t0+5000..t0+7000.
    assertThat(seqs(rest(Map.of("since", since, "until", until, "limit", "4")))).containsExactly(14, 13, 12, 11, 10, 9);
    assertThat(seqs(tool(Map.of("since", since, "until", until, "limit", 5, "order", "oldest")))).containsExactly(9, 10, 11, 12, 13, 14);
  }

  @Test
  void badValuesAreRefusedBeforeLokiIsAsked() {
    int before = LokiStandInResource.queries().size();
    Api.admin().queryParam("level", "loud").get("/v1/services/" + name + "/logs").then().statusCode(400)
        .body("code", equalTo("INVALID_LOG_LEVEL"));
    Api.admin().queryParam("since", "soon").get("/v1/services/" + name + "/logs").then().statusCode(400)
        .body("code", equalTo("INVALID_TIME"));
    Api.admin().queryParam("cursor", "bm90LWEtY3Vyc29y").get("/v1/services/" + name + "/logs").then().statusCode(400)
        .body("code", equalTo("INVALID_CURSOR"));
    assertThat(structured(call(mcp, "get_logs", Map.of("service", name, "order", "up")))).containsEntry("code", "INVALID_PARAMETER");
    assertThat(LokiStandInResource.queries()).hasSize(before);
  }

  @Test
  void runtimeLinesOfEveryPodComeFromLokiMaskedAndTenantBound() throws Exception {
    String secret = "rt-secret-" + UUID.randomUUID();
    Api.admin().body(Map.of("value", secret, "secret", true)).put("/v1/services/" + name + "/env/API_TOKEN")
        .then().statusCode(org.hamcrest.Matchers.lessThan(300));
    long now = Instant.now().getEpochSecond() * 1_000_000_000L;
    // A crashed pod and its replacement, as Alloy labels them; and a same-named app in another tenant's namespace.
    push(Map.of("namespace", "dp-default-default", "app", name, "pod", name + "-old", "container", "app", "job", "pods"),
        List.of(List.of(Long.toString(now - 3_000_000_000L), "starting with token " + secret),
            List.of(Long.toString(now - 2_000_000_000L), "level=error panic: boom")));
    push(Map.of("namespace", "dp-default-default", "app", name, "pod", name + "-new", "container", "app", "job", "pods"),
        List.of(List.of(Long.toString(now - 1_000_000_000L), "level=info listening on 8080")));
    push(Map.of("namespace", "dp-other-default", "app", name, "pod", name + "-x", "container", "app", "job", "pods"),
        List.of(List.of(Long.toString(now - 500_000_000L), "other tenant's pod")));

    List<Map<String, Object>> lines = rest(Map.of("type", "runtime", "limit", "1"));
    assertThat(lines).extracting(l -> l.get("line")).containsExactly(
        "level=info listening on 8080", "level=error panic: boom", "starting with token ***");
    assertThat(lines).extracting(l -> l.get("pod")).containsExactly(name + "-new", name + "-old", name + "-old");
    assertThat(tool(Map.of("type", "runtime", "level", "error"))).extracting(l -> l.get("line"))
        .containsExactly("level=error panic: boom");
    // A search for the secret tells nothing: the text is matched after masking.
    assertThat(rest(Map.of("type", "runtime", "contains", secret))).isEmpty();
    assertThat(rest(Map.of("type", "runtime", "contains", "token ***"))).hasSize(1);
    Api.admin().queryParam("type", "runtime").queryParam("previous", "true").get("/v1/services/" + name + "/logs")
        .then().statusCode(400).body("errors[0].field", equalTo("previous"));
    // Past Loki's max_query_length (30d1h) a read would be a 400: a 60-day since is cut to 30 days, and said so.
    io.restassured.path.json.JsonPath longRead = Api.admin().queryParam("type", "runtime").queryParam("since", "60d")
        .get("/v1/services/" + name + "/logs").then().statusCode(200).extract().jsonPath();
    assertThat(longRead.getList("items.line")).contains("level=info listening on 8080");
    assertThat(longRead.getList("notes", String.class)).singleElement().asString().contains("at most 30 days");
  }

  @Test
  void statusSaysLokiServesBothLogTypes() {
    Api.admin().get("/v1/status").then().body("logs.build", equalTo("loki")).body("logs.runtime", equalTo("loki"));
  }
}
