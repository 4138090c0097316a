package io.deploymcp.api.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.metrics.ServiceMetricsQueries.Figure;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.FieldError;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.service.ServiceRepository;
import io.deploymcp.api.service.ServiceView;
import io.deploymcp.kube.spec.DeployEnvironment;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A service's figures from Prometheus (one code path for GET /v1/services/{name}/metrics and
 * get_metrics), and the one-line health summary of get_service. Parameters are checked first,
 * then the service, then whether Prometheus is configured; the queries of one answer run at once.
 */
@Singleton
public class MetricsOperations {
  /** The window of get_service's health line. */
  static final MetricsWindow HEALTH_WINDOW = MetricsWindow.M15;

  /**
   * How long a health line is reused, failures included (as the cluster's live status is): an
   * agent polling get_service, or a resource subscriber re-reading it, costs Prometheus ten
   * queries per service at most this often, and a Prometheus that hangs costs one timeout.
   */
  static final Duration HEALTH_TTL = Duration.ofSeconds(15);

  /** Past this many cached lines the cache starts over (lines are small; services are many). */
  private static final int HEALTH_CACHE_MAX = 10_000;

  private record CachedLine(String line, Instant expires) {}

  private final Map<UUID, CachedLine> healthLines = new ConcurrentHashMap<>();

  private final Optional<PrometheusClient> prometheus;
  private final ServiceRepository services;
  private final Clock clock;

  public MetricsOperations(MetricsConfig config, ObjectMapper json, ServiceRepository services) {
    this.prometheus = config.prometheusUrl().map(url -> new PrometheusClient(url, config.queryTimeout(), json));
    this.services = services;
    this.clock = Clock.systemUTC();
  }

  public boolean configured() {
    return prometheus.isPresent();
  }

  public ServiceMetricsView read(Caller caller, String serviceName, String rawEnvironment, String rawWindow) {
    DeployEnvironment environment = environment(rawEnvironment);
    MetricsWindow window = MetricsWindow.parse(rawWindow);
    ServiceView service =
        services.find(caller, serviceName).orElseThrow(() -> new ApiProblem(
            ProblemCode.NOT_FOUND, "Service '" + serviceName + "' not found",
            "Check the name; GET /v1/services lists your services."));
    PrometheusClient client = prometheus.orElseThrow(() -> new ApiProblem(
        ProblemCode.METRICS_NOT_CONFIGURED, "Service metrics need Prometheus: PROMETHEUS_URL is not set on the API",
        ProblemCode.METRICS_NOT_CONFIGURED.defaultHint()));
    try {
      return figures(client, caller, service, environment, window);
    } catch (PrometheusClient.UnavailableException e) {
      throw new ApiProblem(ProblemCode.METRICS_UNAVAILABLE, e.getMessage(), ProblemCode.METRICS_UNAVAILABLE.defaultHint());
    }
  }

  /**
   * get_service's one line on production over {@link #HEALTH_WINDOW}: null without Prometheus;
   * never throws (an unreachable Prometheus is said in the line).
   */
  public String health(Caller caller, ServiceView service) {
    if (prometheus.isEmpty()) {
      return null;
    }
    Instant now = clock.instant();
    CachedLine cached = healthLines.get(service.id());
    if (cached != null && now.isBefore(cached.expires())) {
      return cached.line();
    }
    if (healthLines.size() >= HEALTH_CACHE_MAX) {
      healthLines.clear();
    }
    String line = healthLine(caller, service);
    healthLines.put(service.id(), new CachedLine(line, now.plus(HEALTH_TTL)));
    return line;
  }

  private String healthLine(Caller caller, ServiceView service) {
    try {
      return HealthLine.of(figures(prometheus.get(), caller, service, DeployEnvironment.PRODUCTION, HEALTH_WINDOW));
    } catch (PrometheusClient.UnavailableException e) {
      return "metrics unavailable: " + e.getMessage();
    } catch (RuntimeException e) {
      return "metrics unavailable: " + e.getClass().getSimpleName();
    }
  }

  private ServiceMetricsView figures(
      PrometheusClient client, Caller caller, ServiceView service, DeployEnvironment environment, MetricsWindow window) {
    MetricsTarget target =
        MetricsTarget.of(caller.tenantName(), service.project(), service.name(), environment, service.port());
    Map<Figure, CompletableFuture<OptionalDouble>> pending = new EnumMap<>(Figure.class);
    ServiceMetricsQueries.of(target, window).forEach((figure, promql) -> pending.put(figure, client.query(promql)));
    Map<Figure, Double> values = new EnumMap<>(Figure.class);
    for (var entry : pending.entrySet()) {
      OptionalDouble value;
      try {
        value = entry.getValue().join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof PrometheusClient.UnavailableException unavailable) {
          throw unavailable;
        }
        throw e;
      }
      values.put(entry.getKey(), value.isPresent() ? value.getAsDouble() : null);
    }
    Double cpu = values.get(Figure.CPU_USAGE);
    Double cpuLimit = values.get(Figure.CPU_LIMIT);
    Double memory = values.get(Figure.MEMORY_WORKING_SET);
    Double memoryLimit = values.get(Figure.MEMORY_LIMIT);
    Double restarts = values.get(Figure.RESTARTS);
    return new ServiceMetricsView(
        service.name(),
        environment.wireName(),
        window.wireName(),
        new ServiceMetricsView.Cpu(cpu, cpuLimit, ratio(cpu, cpuLimit)),
        new ServiceMetricsView.Memory(whole(memory), whole(memoryLimit), ratio(memory, memoryLimit)),
        whole(restarts),
        new ServiceMetricsView.Http(
            values.get(Figure.REQUEST_RATE),
            values.get(Figure.ERROR_RATIO),
            new ServiceMetricsView.Latency(
                values.get(Figure.LATENCY_P50), values.get(Figure.LATENCY_P95), values.get(Figure.LATENCY_P99))),
        clock.instant());
  }

  private static Double ratio(Double used, Double limit) {
    return used == null || limit == null || limit <= 0 ? null : used / limit;
  }

  /** Bytes and restarts are whole numbers; increase() extrapolates, so it is rounded. */
  private static Long whole(Double value) {
    return value == null ? null : Math.round(value);
  }

  private static DeployEnvironment environment(String raw) {
    if (raw == null || raw.isEmpty()) {
      return DeployEnvironment.PRODUCTION;
    }
    try {
      return DeployEnvironment.fromWireName(raw);
    } catch (IllegalArgumentException e) {
      String detail = "environment must be production or preview";
      String hint = "Pass environment=production (default) or environment=preview.";
      throw new ApiProblem(
          ProblemCode.INVALID_PARAMETER, detail, hint,
          List.of(new FieldError("environment", ProblemCode.INVALID_PARAMETER.name(), detail, hint)), Map.of());
    }
  }

  /** Locale-independent number formatting for the health line. */
  static String format(double value) {
    return String.format(Locale.ROOT, "%.3g", value);
  }
}
