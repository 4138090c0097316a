package io.deploymcp.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.auth.KeyRestriction;
import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.service.EnvironmentView;
import io.deploymcp.api.service.ServiceEnvironments;
import io.deploymcp.api.service.ServiceRepository;
import io.deploymcp.api.service.ServiceView;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A Prometheus that does not answer (a closed port): a clear 503, and get_service's line says so. */
class MetricsOperationsTest {
  private final Caller caller =
      new Caller(UUID.randomUUID(), "acme", UUID.randomUUID(), "dpk_x", "k", Set.of(), KeyRestriction.NONE);
  private final ServiceView service = view("web");

  @Test
  void prometheusDownIsMetricsUnavailableAndTheHealthLineSaysSoWithoutFailing() throws Exception {
    MetricsOperations operations = operations(Optional.of(URI.create("http://127.0.0.1:" + closedPort())));

    assertThatThrownBy(() -> operations.read(caller, "web", null, "5m"))
        .isInstanceOfSatisfying(ApiProblem.class, p -> {
          assertThat(p.code()).isEqualTo(ProblemCode.METRICS_UNAVAILABLE);
          assertThat(p.getMessage()).contains("did not answer");
          assertThat(p.hint()).contains("retry");
        });
    assertThat(operations.health(caller, service)).startsWith("metrics unavailable: Prometheus at http://127.0.0.1:");
  }

  @Test
  void theHealthLineIsReusedSoPollingGetServiceDoesNotRepeatTheQueries() throws Exception {
    AtomicInteger queries = new AtomicInteger();
    HttpServer prometheus = prometheusStandIn(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}", queries);
    try {
      MetricsOperations operations = operations(Optional.of(URI.create("http://127.0.0.1:" + prometheus.getAddress().getPort())));

      String first = operations.health(caller, service);
      String second = operations.health(caller, service);

      assertThat(first).isEqualTo("production over 15m: no metrics (nothing running or scraped)").isEqualTo(second);
      assertThat(queries.get()).isEqualTo(ServiceMetricsQueries.Figure.values().length);
    } finally {
      prometheus.stop(0);
    }
  }

  @Test
  void anErrorAnswerOfPrometheusIsMetricsUnavailableNamingItsErrorType() throws Exception {
    HttpServer prometheus = prometheusStandIn(
        422, "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"query timed out\"}", new AtomicInteger());
    try {
      MetricsOperations operations = operations(Optional.of(URI.create("http://127.0.0.1:" + prometheus.getAddress().getPort())));

      assertThatThrownBy(() -> operations.read(caller, "web", "production", "1h"))
          .isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.METRICS_UNAVAILABLE);
            assertThat(p.getMessage()).contains("answered HTTP 422: execution");
          });
    } finally {
      prometheus.stop(0);
    }
  }

  /** Answers every query with {@code body}, as Prometheus's HTTP API frames its answers. */
  private static HttpServer prometheusStandIn(int status, String body, AtomicInteger queries) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/api/v1/query", exchange -> {
      queries.incrementAndGet();
      byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (var out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
    return server;
  }

  @Test
  void withoutPrometheusTheHealthLineIsNull() {
    assertThat(operations(Optional.empty()).health(caller, service)).isNull();
  }

  private MetricsOperations operations(Optional<URI> url) {
    MetricsConfig config = new MetricsConfig() {
      @Override
      public Optional<URI> prometheusUrl() {
        return url;
      }

      @Override
      public Duration queryTimeout() {
        return Duration.ofSeconds(2);
      }
    };
    // Only appsDomain() is read by the constructor; the lookup is overridden.
    ApiConfig apiConfig = (ApiConfig) java.lang.reflect.Proxy.newProxyInstance(
        ApiConfig.class.getClassLoader(), new Class<?>[] {ApiConfig.class}, (proxy, method, args) -> "apps.test");
    ServiceRepository services = new ServiceRepository(null, apiConfig) {
      @Override
      public Optional<ServiceView> find(Caller caller, String name) {
        return name.equals(service.name()) ? Optional.of(service) : Optional.empty();
      }
    };
    return new MetricsOperations(config, new ObjectMapper(), services);
  }

  private static ServiceView view(String name) {
    EnvironmentView none = new EnvironmentView(null, null, null, null, null, null);
    return new ServiceView(UUID.randomUUID(), name, "default", null, "https://github.com/o/r", "main", "", "railpack",
        8080, "250m", "256Mi", "web", null, null, "Dockerfile", null, List.of(), false, Instant.now(), Instant.now(),
        null, new ServiceEnvironments(none, none));
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
