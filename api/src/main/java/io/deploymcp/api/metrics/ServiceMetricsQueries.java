package io.deploymcp.api.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PromQL of one metrics answer: fixed templates over the standard exporters' series, with
 * only the target's label values (quoted) and the window (from a closed list) filled in. Each
 * query yields one number or nothing.
 */
final class ServiceMetricsQueries {
  /** The figures of an answer, in the order they are read. */
  enum Figure {
    CPU_USAGE,
    CPU_LIMIT,
    MEMORY_WORKING_SET,
    MEMORY_LIMIT,
    RESTARTS,
    REQUEST_RATE,
    ERROR_RATIO,
    LATENCY_P50,
    LATENCY_P95,
    LATENCY_P99
  }

  private ServiceMetricsQueries() {}

  static Map<Figure, String> of(MetricsTarget target, MetricsWindow window) {
    String range = "[" + window.wireName() + "]";
    // cAdvisor and kube-state-metrics: the service's container in its Deployment's pods.
    String pods =
        "namespace=" + PromQl.string(target.namespace())
            + ",pod=~" + PromQl.string(target.podPattern())
            + ",container=" + PromQl.string(target.container());
    String ingress = "service=" + PromQl.string(target.traefikService());
    Map<Figure, String> queries = new LinkedHashMap<>();
    queries.put(Figure.CPU_USAGE, "sum(rate(container_cpu_usage_seconds_total{" + pods + "}" + range + "))");
    queries.put(Figure.CPU_LIMIT, "sum(kube_pod_container_resource_limits{" + pods + ",resource=\"cpu\"})");
    queries.put(Figure.MEMORY_WORKING_SET, "sum(container_memory_working_set_bytes{" + pods + "})");
    queries.put(Figure.MEMORY_LIMIT, "sum(kube_pod_container_resource_limits{" + pods + ",resource=\"memory\"})");
    queries.put(Figure.RESTARTS, "sum(increase(kube_pod_container_status_restarts_total{" + pods + "}" + range + "))");
    String requests = "sum(rate(traefik_service_requests_total{" + ingress + "}" + range + "))";
    queries.put(Figure.REQUEST_RATE, requests);
    queries.put(
        Figure.ERROR_RATIO,
        // "or vector(0)": traffic without a single 5xx is a ratio of 0, not no answer.
        "(sum(rate(traefik_service_requests_total{" + ingress + ",code=~\"5..\"}" + range + ")) or vector(0)) / "
            + requests);
    String buckets = "sum by (le) (rate(traefik_service_request_duration_seconds_bucket{" + ingress + "}" + range + "))";
    queries.put(Figure.LATENCY_P50, "histogram_quantile(0.5, " + buckets + ")");
    queries.put(Figure.LATENCY_P95, "histogram_quantile(0.95, " + buckets + ")");
    queries.put(Figure.LATENCY_P99, "histogram_quantile(0.99, " + buckets + ")");
    return queries;
  }
}
