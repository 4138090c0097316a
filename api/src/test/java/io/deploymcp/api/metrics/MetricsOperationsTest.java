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
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
