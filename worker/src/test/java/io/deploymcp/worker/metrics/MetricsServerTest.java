package io.deploymcp.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The management port: /metrics to GET and HEAD only, nothing else; a taken port is a clear error. */
class MetricsServerTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void servesOnlyMetricsAndOnlyToGetAndHead() throws Exception {
    new DeployMetrics(registry);
    MetricsServer server = new MetricsServer(registry, "127.0.0.1", freePort());
    server.start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      URI base = URI.create("http://127.0.0.1:" + server.boundPort());
      HttpResponse<String> metrics =
          http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      assertThat(metrics.body()).contains("dp_builds_skipped_total 0.0").contains("dp_build_cache_steps_total{result=\"cached\"} 0.0");
      HttpResponse<Void> head = http.send(
          HttpRequest.newBuilder(base.resolve("/metrics")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding());
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(http.send(HttpRequest.newBuilder(base.resolve("/")).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
          .isEqualTo(404);
      HttpResponse<Void> post = http.send(
          HttpRequest.newBuilder(base.resolve("/metrics")).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding());
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    } finally {
      server.stop();
    }
  }

  @Test
  void aTakenPortStopsTheStartNamingBothVariables() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      MetricsServer server = new MetricsServer(registry, "127.0.0.1", taken.getLocalPort());
      assertThatThrownBy(server::start)
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("DP_WORKER_METRICS_ADDRESS / DP_WORKER_METRICS_PORT")
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void portZeroServesNothing() {
    MetricsServer server = new MetricsServer(registry, "127.0.0.1", 0);
    server.start();
    assertThat(server.boundPort()).isZero();
    server.stop();
    assertThatThrownBy(() -> new MetricsServer(registry, "127.0.0.1", 70_000)).hasMessageContaining("DP_WORKER_METRICS_PORT");
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
