package io.deploymcp.api.cluster;

import static io.deploymcp.api.support.McpClients.call;
import static io.deploymcp.api.support.McpClients.structured;
import static io.deploymcp.api.support.McpClients.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.McpClients;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.TestStack;
import io.modelcontextprotocol.client.McpSyncClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without a cluster (no KUBECONFIG in this test stack) the API works and says so in the live status. */
@QuarkusTest
@WithTestResource(TestStack.class)
class LiveStatusNotConfiguredTest {

  @Test
  void getShowsNotConfiguredInEachEnvironmentAndTheToolSaysSo() {
    String name = Names.unique("live-none");
    Api.admin().body(Map.of("name", name, "repo", "https://github.com/org/" + name)).post("/v1/services")
        .then().statusCode(202);

    JsonPath service = Api.admin().get("/v1/services/" + name).then().statusCode(200).extract().jsonPath();
    for (String environment : new String[] {"production", "preview"}) {
      String live = "environments." + environment + ".live.";
      assertThat(service.getString(live + "state")).isEqualTo("not_configured");
      assertThat(service.getString(live + "reason")).contains("no Kubernetes cluster is configured");
      assertThat(service.getString(live + "ready_replicas")).isNull();
      assertThat(service.getList(live + "pods")).isEmpty();
      assertThat(service.getString(live + "observed_at")).isNull();
    }

    McpSyncClient mcp = McpClients.connect(TestStack.BOOTSTRAP_KEY);
    try {
      var result = call(mcp, "get_service", Map.of("name", name));
      assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
      assertThat(structured(result).get("environments").toString()).contains("state=not_configured");
      assertThat(text(result)).contains("[cluster not_configured: no Kubernetes cluster is configured");
    } finally {
      mcp.closeGracefully();
    }
  }
}
