package io.deploymcp.api.metrics;

import static io.deploymcp.api.support.McpClients.call;
import static io.deploymcp.api.support.McpClients.structured;
import static io.deploymcp.api.support.McpClients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.McpClients;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.kube.spec.DeployEnvironment;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * get_metrics and GET /v1/services/{name}/metrics against a real Prometheus that scrapes the
 * exporter stand-in (cAdvisor, kube-state-metrics and Traefik series for the test's service) and
 * the API's own /q/metrics. Expected figures are worked out by hand from {@link ExporterStandIn}'s
 * constants: gauges and ratios exactly, rates within 3 % (Prometheus extrapolates a rate to the
 * window's edges from the samples it has).
 */
@QuarkusTest
@WithTestResource(TestStack.class)
@WithTestResource(PrometheusStack.class)
class ServiceMetricsPrometheusTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double RATE = 0.03;

  // By hand from ExporterStandIn.
  private static final double CPU = ExporterStandIn.CPU_POD1 + ExporterStandIn.CPU_POD2; // 0.25 cores
  private static final double CPU_LIMIT = 2 * ExporterStandIn.CPU_LIMIT_PER_POD; // 1 core
  private static final long MEMORY = ExporterStandIn.MEMORY_POD1 + ExporterStandIn.MEMORY_POD2; // 150 MiB
  private static final long MEMORY_LIMIT = 2 * ExporterStandIn.MEMORY_LIMIT_PER_POD; // 512 MiB
  private static final long RESTARTS = 3; // 0.01/s over 300 s
  private static final double REQUESTS = 11.5; // 10 + 1 + 0.5 per second
  private static final double ERROR_RATIO = 0.5 / 11.5;
  // histogram_quantile's linear interpolation in the bucket holding rank q * 11.5:
  private static final double P50 = 0.1 * (5.75 / 6); // in (0, 0.1]
  private static final double P95 = 0.3 + 0.9 * (0.925 / 1.2); // in (0.3, 1.2]
  private static final double P99 = 1.2 + 3.8 * (0.185 / 0.3); // in (1.2, 5]

  private static String service;

  @BeforeEach
  void fixture() {
    assumeThat(PrometheusStack.running())
        .as("no Prometheus binary at " + io.deploymcp.embedded.PrometheusProcess.binary() + " (apt-get install prometheus)")
        .isTrue();
    if (service != null) {
      return;
    }
    PrometheusStack.scrapeApi(RestAssured.port);
    String name = Names.unique("metrics");
    // Not read back with GET /v1/services/{name}: that would cache its health line before the
    // exporter serves anything.
    String project = "metrics";
    Api.admin().body(Map.of("name", name, "repo", "https://github.com/org/" + name, "port", 8080, "project", project))
        .post("/v1/services").then().statusCode(202);
    PrometheusStack.exporter.serve(MetricsTarget.of("default", project, name, DeployEnvironment.PRODUCTION, 8080));
    await().atMost(Duration.ofSeconds(20)).until(PrometheusStack.exporter::caughtUp);
    // The sample at real time has been scraped once the newest sample is this fresh.
    PrometheusStack.prometheus.awaitQuery(
        "time() - max(timestamp(container_memory_working_set_bytes)) < 1",
        body -> body.contains("\"result\":[{"), Duration.ofSeconds(10));
    service = name;
  }

  @Test
  void restAnswersTheExportersFiguresForTheServicesPodsAndIngressOnly() {
    JsonPath m = Api.admin().queryParam("window", "5m").get("/v1/services/" + service + "/metrics")
        .then().statusCode(200).extract().jsonPath();

    assertThat(m.getString("service")).isEqualTo(service);
    assertThat(m.getString("environment")).isEqualTo("production");
    assertThat(m.getString("window")).isEqualTo("5m");
    assertThat(m.getDouble("cpu.usage_cores")).isCloseTo(CPU, within(CPU * RATE));
    assertThat(m.getDouble("cpu.limit_cores")).isEqualTo(CPU_LIMIT);
    assertThat(m.getDouble("cpu.usage_of_limit")).isCloseTo(CPU / CPU_LIMIT, within(CPU / CPU_LIMIT * RATE));
    assertThat(m.getLong("memory.working_set_bytes")).isEqualTo(MEMORY);
    assertThat(m.getLong("memory.limit_bytes")).isEqualTo(MEMORY_LIMIT);
    assertThat(m.getDouble("memory.usage_of_limit")).isCloseTo((double) MEMORY / MEMORY_LIMIT, within(1e-9));
    assertThat(m.getLong("restarts")).isEqualTo(RESTARTS);
    assertThat(m.getDouble("http.requests_per_second")).isCloseTo(REQUESTS, within(REQUESTS * RATE));
    assertThat(m.getDouble("http.error_ratio")).isCloseTo(ERROR_RATIO, within(1e-6));
    assertThat(m.getDouble("http.latency_seconds.p50")).isCloseTo(P50, within(1e-6));
    assertThat(m.getDouble("http.latency_seconds.p95")).isCloseTo(P95, within(1e-6));
    assertThat(m.getDouble("http.latency_seconds.p99")).isCloseTo(P99, within(1e-6));
    assertThat(m.getString("observed_at")).isNotBlank();
  }

  @Test
  void previewHasNoSeriesSoEveryFigureIsNull() {
    JsonPath m = Api.admin().queryParam("environment", "preview").get("/v1/services/" + service + "/metrics")
        .then().statusCode(200).extract().jsonPath();

    assertThat(m.getString("window")).isEqualTo("15m");
    assertThat(m.getString("environment")).isEqualTo("preview");
    assertThat((Object) m.get("cpu.usage_cores")).isNull();
    assertThat((Object) m.get("memory.working_set_bytes")).isNull();
    assertThat((Object) m.get("restarts")).isNull();
    assertThat((Object) m.get("http.requests_per_second")).isNull();
    assertThat((Object) m.get("http.error_ratio")).isNull();
  }

  @Test
  void getMetricsOverMcpGivesTheSameFiguresAndSaysThemInText() {
    try (McpSyncClient client = McpClients.connect(TestStack.BOOTSTRAP_KEY)) {
      McpSchema.CallToolResult result = call(client, "get_metrics", Map.of("service", service, "window", "5m"));

      assertThat(result.isError()).as(text(result)).isFalse();
      JsonNode m = JSON.valueToTree(structured(result));
      assertThat(m.path("memory").path("working_set_bytes").asLong()).isEqualTo(MEMORY);
      assertThat(m.path("restarts").asLong()).isEqualTo(RESTARTS);
      assertThat(m.path("http").path("error_ratio").asDouble()).isCloseTo(ERROR_RATIO, within(1e-6));
      assertThat(m.path("http").path("latency_seconds").path("p99").asDouble()).isCloseTo(P99, within(1e-6));
      assertThat(m.path("cpu").path("usage_cores").asDouble()).isCloseTo(CPU, within(CPU * RATE));
      assertThat(text(result))
          .startsWith("Metrics of " + service + " (production, last 5m): CPU 0.2")
          .contains("of 1.000 cores; memory 150.0 MiB of 512.0 MiB; restarts 3; HTTP 11.")
          .contains("5xx 4.35%, latency p50/p95/p99 96/994/3543 ms.");
    }
  }

  @Test
  void aWindowOutsideTheListIsRefusedByBothDoors() {
    Api.admin().queryParam("window", "2m").get("/v1/services/" + service + "/metrics")
        .then().statusCode(400)
        .body("code", org.hamcrest.Matchers.equalTo("INVALID_WINDOW"))
        .body("errors[0].field", org.hamcrest.Matchers.equalTo("window"))
        .body("hint", org.hamcrest.Matchers.containsString("5m, 15m"));
    try (McpSyncClient client = McpClients.connect(TestStack.BOOTSTRAP_KEY)) {
      McpSchema.CallToolResult result = call(client, "get_metrics", Map.of("service", service, "window", "2m"));
      assertThat(result.isError()).isTrue();
      assertThat(structured(result)).containsEntry("code", "INVALID_WINDOW");
    }
  }

  @Test
  void getServiceCarriesAOneLineHealthSummary() {
    String health = Api.admin().get("/v1/services/" + service).then().statusCode(200).extract().path("health");

    assertThat(health).startsWith("production over 15m: cpu ").contains("memory 150Mi/512Mi").contains(" restarts");
  }

  @Test
  void prometheusSeesTheApisOwnDeployAndToolCounters() throws Exception {
    try (McpSyncClient client = McpClients.connect(TestStack.BOOTSTRAP_KEY)) {
      assertThat(call(client, "get_metrics", Map.of("service", service)).isError()).isFalse();
    }
    Api.admin().get("/v1/services/" + service + "/metrics").then().statusCode(200);
    Duration wait = Duration.ofSeconds(15);
    var prometheus = PrometheusStack.prometheus;
    prometheus.awaitUp(PrometheusStack.API_JOB, wait);

    prometheus.awaitQuery(
        "dp_deployments_started_total{job=\"deploy-mcp-api\",trigger=\"api\",environment=\"production\"} >= 1",
        ServiceMetricsPrometheusTest::hasResult, wait);
    prometheus.awaitQuery(
        "dp_mcp_tool_calls_total{tool=\"get_metrics\",outcome=\"ok\"} >= 1", ServiceMetricsPrometheusTest::hasResult, wait);
    // No worker runs here: the deployment stays queued, and the backlog gauges say so.
    prometheus.awaitQuery("dp_deployments_queued >= 1", ServiceMetricsPrometheusTest::hasResult, wait);
    prometheus.awaitQuery("dp_deployments_active >= 1", ServiceMetricsPrometheusTest::hasResult, wait);
    // Requests are labelled by route template, never by the service's name.
    prometheus.awaitQuery(
        "http_server_requests_seconds_count{uri=\"/v1/services/{name}/metrics\",status=\"200\"}",
        ServiceMetricsPrometheusTest::hasResult, wait);
    JsonNode uris = JSON.readTree(prometheus.query("count by (uri) (http_server_requests_seconds_count)"));
    assertThat(uris.path("data").path("result").findValuesAsText("uri")).isNotEmpty().noneMatch(u -> u.contains(service));
  }

  @Test
  void refusedAndUnroutedRequestsDoNotPutTheServiceNameIntoTheUriLabel() {
    io.restassured.RestAssured.given().get("/v1/services/" + service + "/metrics").then().statusCode(401);
    Api.admin().get("/v1/services/" + service + "/no-such-route").then().statusCode(404);
    Api.admin().get("/v1/services/" + service + "-missing/metrics").then().statusCode(404);

    String scrape = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(scrape.lines().filter(l -> l.startsWith("http_server_requests_seconds")))
        .isNotEmpty()
        .noneMatch(l -> l.contains(service));
    // The dashboard's p99 by route needs buckets: the fixed bounds of RequestLatencyBuckets.
    assertThat(scrape.lines().filter(l -> l.startsWith("http_server_requests_seconds_bucket{")
            && l.contains("uri=\"/v1/services/{name}/metrics\"")))
        .anyMatch(l -> l.contains("le=\"0.05\""))
        .anyMatch(l -> l.contains("le=\"+Inf\""));
  }

  private static boolean hasResult(String body) {
    return body.contains("\"result\":[{");
  }
}
