package io.deploymcp.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The launcher's generated configuration. Its real start, reload and queries run in the api's
 * ServiceMetricsPrometheusTest and the worker's WorkerMetricsPrometheusTest.
 */
class PrometheusProcessTest {

  @Test
  void theConfigurationHasOneJobPerTargetWithItsOwnInterval() {
    String yaml = PrometheusProcess.config(List.of(
        new PrometheusProcess.Target("api", "127.0.0.1:8080", "/q/metrics"),
        new PrometheusProcess.Target("fixture", "127.0.0.1:9000", "/metrics", Duration.ofMillis(100))));

    assertThat(yaml)
        .contains("  - job_name: 'api'\n    scrape_interval: 1000ms\n    scrape_timeout: 1000ms\n    metrics_path: '/q/metrics'\n")
        .contains("      - targets: ['127.0.0.1:9000']\n")
        .contains("    scrape_interval: 100ms\n");
  }
}
