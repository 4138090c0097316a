package io.deploymcp.api.metrics;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A service environment's figures over a window, read from Prometheus. A figure is null when
 * Prometheus has no series for it (no traffic, no pod running, an exporter not scraped).
 */
@Schema(description = "CPU, memory and restarts of the environment's pods; request rate, 5xx share and latency at the ingress")
public record ServiceMetricsView(
    String service,
    String environment,
    String window,
    Cpu cpu,
    Memory memory,
    @Schema(description = "Container restarts within the window") Long restarts,
    Http http,
    Instant observedAt) {

  /** Cores in use (rate over the window) against the pods' summed limit. */
  public record Cpu(Double usageCores, Double limitCores, Double usageOfLimit) {}

  /** Working set now against the pods' summed limit. */
  public record Memory(Long workingSetBytes, Long limitBytes, Double usageOfLimit) {}

  /** At the ingress (Traefik): requests per second, the share answered 5xx, latency quantiles. */
  public record Http(Double requestsPerSecond, Double errorRatio, Latency latencySeconds) {}

  public record Latency(Double p50, Double p95, Double p99) {}
}
