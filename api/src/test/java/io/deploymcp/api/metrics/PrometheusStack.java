package io.deploymcp.api.metrics;

import io.deploymcp.embedded.PrometheusProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Prometheus (Debian's binary, {@link PrometheusProcess}) scraping {@link ExporterStandIn}
 * every 100 ms, and the API under test once it knows its port ({@link #scrapeApi}); the API gets
 * its URL as PROMETHEUS_URL. Without the binary the resource starts nothing and the tests skip
 * (they fail under CI=true).
 */
public class PrometheusStack implements QuarkusTestResourceLifecycleManager {
  static final String EXPORTERS_JOB = "exporters";
  static final String API_JOB = "deploy-mcp-api";

  static volatile PrometheusProcess prometheus;
  static volatile ExporterStandIn exporter;

  static boolean running() {
    return prometheus != null;
  }

  @Override
  public Map<String, String> start() {
    if (!PrometheusProcess.available() && !"true".equals(System.getenv("CI"))) {
      return Map.of();
    }
    exporter = new ExporterStandIn();
    prometheus = PrometheusProcess.start(List.of(exporterTarget()));
    return Map.of("dp.metrics.prometheus-url", prometheus.url().toString());
  }

  /** Adds the API's own /q/metrics (its port is known only once it runs). */
  static void scrapeApi(int port) {
    prometheus.reconfigure(
        List.of(exporterTarget(), new PrometheusProcess.Target(API_JOB, "127.0.0.1:" + port, "/q/metrics", Duration.ofMillis(250))));
  }

  private static PrometheusProcess.Target exporterTarget() {
    return new PrometheusProcess.Target(EXPORTERS_JOB, exporter.address(), "/metrics", Duration.ofMillis(100));
  }

  @Override
  public void stop() {
    if (prometheus != null) {
      prometheus.close();
      prometheus = null;
    }
    if (exporter != null) {
      exporter.close();
      exporter = null;
    }
  }
}
