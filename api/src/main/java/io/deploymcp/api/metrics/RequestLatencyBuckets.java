package io.deploymcp.api.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Gives {@code http_server_requests_seconds} fixed histogram buckets, so the platform dashboard's
 * latency p99 by route ({@code histogram_quantile} over {@code _bucket}) has data. Eleven fixed
 * bounds rather than Micrometer's percentile histogram (about 70 buckets per route and status)
 * keep the series per route small; they span what the API's targets are stated in (docs/metrics.md).
 */
@Singleton
public final class RequestLatencyBuckets {
  static final Duration[] BOUNDS = {
    Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
    Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
    Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
  };

  @Produces
  @Singleton
  MeterFilter httpServerRequestBuckets() {
    double[] slos = new double[BOUNDS.length];
    for (int i = 0; i < BOUNDS.length; i++) {
      slos[i] = BOUNDS[i].toNanos();
    }
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().equals("http.server.requests")) {
          return config;
        }
        return DistributionStatisticConfig.builder().serviceLevelObjectives(slos).build().merge(config);
      }
    };
  }
}
