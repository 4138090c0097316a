package io.deploymcp.api.metrics;

import static io.deploymcp.api.support.McpClients.call;
import static io.deploymcp.api.support.McpClients.structured;
import static io.deploymcp.api.support.McpClients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.McpClients;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.TestStack;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without PROMETHEUS_URL (the suite's default stack): a clear refusal, and get_service as before. */
@QuarkusTest
@WithTestResource(TestStack.class)
class MetricsNotConfiguredTest {

  @Test
  void restAndMcpAnswerMetricsNotConfiguredWithAHint() {
    String name = create();
    Api.admin().get("/v1/services/" + name + "/metrics")
        .then().statusCode(503)
        .contentType("application/problem+json")
        .body("code", equalTo("METRICS_NOT_CONFIGURED"))
        .body("hint", containsString("PROMETHEUS_URL"));
    try (McpSyncClient client = McpClients.connect(TestStack.BOOTSTRAP_KEY)) {
      McpSchema.CallToolResult result = call(client, "get_metrics", Map.of("service", name));
      assertThat(result.isError()).isTrue();
      assertThat(structured(result)).containsEntry("code", "METRICS_NOT_CONFIGURED");
      assertThat(text(result)).contains("PROMETHEUS_URL");
    }
  }

  @Test
  void parametersAreCheckedFirstAndAnUnknownServiceIsNotFound() {
    String name = create();
    Api.admin().queryParam("window", "1y").get("/v1/services/" + name + "/metrics")
        .then().statusCode(400).body("code", equalTo("INVALID_WINDOW"));
    Api.admin().queryParam("environment", "staging").get("/v1/services/" + name + "/metrics")
        .then().statusCode(400).body("code", equalTo("INVALID_PARAMETER"))
        .body("errors[0].field", equalTo("environment"));
    Api.admin().get("/v1/services/no-such-service-xyz/metrics").then().statusCode(404);
  }

  @Test
  void getServiceHasANullHealthLine() {
    String name = create();
    Api.admin().get("/v1/services/" + name).then().statusCode(200).body("health", nullValue())
        .body("$", org.hamcrest.Matchers.hasKey("health"));
  }

  private static String create() {
    String name = Names.unique("nometrics");
    Api.admin().body(Map.of("name", name, "repo", "https://github.com/org/" + name))
        .post("/v1/services").then().statusCode(202);
    return name;
  }
}
