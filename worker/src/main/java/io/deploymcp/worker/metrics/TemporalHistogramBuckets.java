package io.deploymcp.worker.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;

/**
 * The Temporal SDK publishes its latencies as percentile histograms of 69 buckets (1 ms … 30 s),
 * and each series carries about ten tags (namespace, task queue, activity and workflow type,
 * worker type, …): after one deploy they were 93% of a 1 MB scrape (docs/benchmarks.md §(p)).
 * Nine fixed bounds keep {@code histogram_quantile} usable for what an operator asks of them
 * (schedule-to-start backlog, activity latency: tens of milliseconds to minutes) at a tenth of
 * the series. The platform's own histograms ({@code dp_*}) set their buckets themselves.
 */
final class TemporalHistogramBuckets {
  static final Duration[] BOUNDS = {
    Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500),
    Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
    Duration.ofMinutes(2),
  };

  static final MeterFilter FILTER = new MeterFilter() {
    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
      if (!id.getName().startsWith("temporal")) {
        return config;
      }
      double[] slos = new double[BOUNDS.length];
      for (int i = 0; i < BOUNDS.length; i++) {
        slos[i] = BOUNDS[i].toNanos();
      }
      return DistributionStatisticConfig.builder()
          .percentilesHistogram(false)
          .serviceLevelObjectives(slos)
          .build()
          .merge(config);
    }
  };

  private TemporalHistogramBuckets() {}
}
