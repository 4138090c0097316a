package io.deploymcp.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deploymcp.kube.spec.DeployEnvironment;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The client's failure modes and the queries' quoting, without a Prometheus. */
class PrometheusClientTest {

  @Test
  void aClosedPortIsUnavailableAndTheMessageNamesNoCredential() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    PrometheusClient client =
        new PrometheusClient(URI.create("http://user:s3cret@127.0.0.1:" + port), Duration.ofSeconds(2), new ObjectMapper());

    assertThatThrownBy(() -> client.query("up").join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(PrometheusClient.UnavailableException.class)
        .hasMessageContaining("127.0.0.1:" + port + " did not answer")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void labelValuesAreQuotedSoTheyCannotChangeTheQuery() {
    MetricsTarget hostile = new MetricsTarget("ns\"}or vector(1)#", "a.b", "app", "x\\y\"@kubernetes");
    var queries = ServiceMetricsQueries.of(hostile, MetricsWindow.M5);

    assertThat(queries.get(ServiceMetricsQueries.Figure.MEMORY_WORKING_SET))
        .isEqualTo("sum(container_memory_working_set_bytes{namespace=\"ns\\\"}or vector(1)#\","
            + "pod=~\"a\\\\.b-[a-z0-9]+-[a-z0-9]+\",container=\"app\"})");
    assertThat(queries.get(ServiceMetricsQueries.Figure.REQUEST_RATE))
        .isEqualTo("sum(rate(traefik_service_requests_total{service=\"x\\\\y\\\"@kubernetes\"}[5m]))");
  }

  @Test
  void theTargetFollowsTheKubeModulesNames() {
    MetricsTarget production = MetricsTarget.of("acme", "shop", "web", DeployEnvironment.PRODUCTION, 8080);
    MetricsTarget preview = MetricsTarget.of("acme", "shop", "web", DeployEnvironment.PREVIEW, 8080);

    assertThat(production.namespace()).isEqualTo("dp-acme-shop");
    assertThat(production.workload()).isEqualTo("web");
    assertThat(production.traefikService()).isEqualTo("dp-acme-shop-web-8080@kubernetes");
    assertThat(preview.workload()).isEqualTo("preview-web");
    assertThat(preview.traefikService()).isEqualTo("dp-acme-shop-preview-web-8080@kubernetes");
  }
}
