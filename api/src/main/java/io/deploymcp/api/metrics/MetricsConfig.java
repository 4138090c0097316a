package io.deploymcp.api.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Where service metrics are read from (docs/metrics.md); mapped in application.properties. */
@ConfigMapping(prefix = "dp.metrics")
public interface MetricsConfig {
  /** PROMETHEUS_URL, e.g. http://prometheus.monitoring:9090. Unset: 503 METRICS_NOT_CONFIGURED. */
  Optional<URI> prometheusUrl();

  /** Deadline of one query (DP_PROMETHEUS_TIMEOUT); the queries of one answer run in parallel. */
  @WithDefault("5s")
  Duration queryTimeout();
}
