package io.deploymcp.api.metrics;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A stand-in for the exporters a cluster's Prometheus scrapes — cAdvisor (through the kubelet),
 * kube-state-metrics and Traefik — serving their real series names and labels for one service
 * (two pods), plus decoys (another service whose name extends it, the pod-level cAdvisor series
 * with {@code container=""}, another Traefik service) that the API's queries must leave out.
 *
 * <p>Counters grow linearly, so rates are known by hand. A rate over a 5-minute window needs 5
 * minutes of samples, so this exporter replays history: every sample carries an explicit
 * timestamp (the exposition format allows it; Prometheus honours it by default), and its clock
 * starts {@link #HISTORY_SECONDS} in the past and moves {@link #STEP_MILLIS} of history forward
 * on each scrape until it has caught up with real time. Driven by scrapes, not by the wall clock,
 * no stretch of history is lost when Prometheus scrapes late or picks the target up late (a
 * loaded machine): the replay only takes longer. With a 100 ms scrape it takes about seven seconds.
 */
final class ExporterStandIn implements AutoCloseable {
  static final int HISTORY_SECONDS = 330;
  static final long STEP_MILLIS = 5_000;

  // Per-second slopes and fixed values, from which the test computes its expectations.
  static final double CPU_POD1 = 0.2;
  static final double CPU_POD2 = 0.05;
  static final long MEMORY_POD1 = 100L * 1024 * 1024;
  static final long MEMORY_POD2 = 50L * 1024 * 1024;
  static final double CPU_LIMIT_PER_POD = 0.5;
  static final long MEMORY_LIMIT_PER_POD = 256L * 1024 * 1024;
  static final double RESTARTS_PER_SECOND = 0.01;
  static final double OK_PER_SECOND = 10;
  static final double NOT_FOUND_PER_SECOND = 1;
  static final double ERRORS_PER_SECOND = 0.5;
  /** Requests per second at or under each of Traefik's default buckets (0.1, 0.3, 1.2, 5, +Inf). */
  static final double[][] BUCKETS = {{0.1, 6}, {0.3, 10}, {1.2, 11.2}, {5, 11.5}};

  private final HttpServer server;
  private volatile MetricsTarget target;
  private volatile long startedAtMillis;
  /** Scrapes answered since {@link #serve}: how far the replay has come. */
  private final java.util.concurrent.atomic.AtomicLong scrapes = new java.util.concurrent.atomic.AtomicLong();

  ExporterStandIn() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/metrics", exchange -> {
      byte[] body = body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Starts serving {@code target}'s series, history first. */
  void serve(MetricsTarget target) {
    this.startedAtMillis = System.currentTimeMillis();
    scrapes.set(0);
    this.target = target;
  }

  /** Whether the replayed clock has reached real time. */
  boolean caughtUp() {
    return target != null && replayedTo(scrapes.get()) >= System.currentTimeMillis();
  }

  private long replayedTo(long scrapesSoFar) {
    return startedAtMillis - HISTORY_SECONDS * 1000L + scrapesSoFar * STEP_MILLIS;
  }

  private String body() {
    MetricsTarget t = target;
    if (t == null) {
      return "";
    }
    long at = Math.min(System.currentTimeMillis(), replayedTo(scrapes.getAndIncrement()));
    // Seconds since the replayed history began: counters start from well above zero.
    double s = (at - (startedAtMillis - HISTORY_SECONDS * 1000L)) / 1000.0 + 60;
    String pod1 = t.workload() + "-5d8f7c9b4-abcde";
    String pod2 = t.workload() + "-5d8f7c9b4-fghij";
    String decoyPod = t.workload() + "-worker-6c7d8e9f0-zzzzz";
    StringBuilder out = new StringBuilder();
    // cAdvisor
    sample(out, "container_cpu_usage_seconds_total", pods(t, pod1, "app") + ",cpu=\"total\"", 1000 + CPU_POD1 * s, at);
    sample(out, "container_cpu_usage_seconds_total", pods(t, pod2, "app") + ",cpu=\"total\"", 2000 + CPU_POD2 * s, at);
    sample(out, "container_cpu_usage_seconds_total", pods(t, pod1, "") + ",cpu=\"total\"", 5000 + 10 * s, at);
    sample(out, "container_cpu_usage_seconds_total", pods(t, decoyPod, "app") + ",cpu=\"total\"", 100 + 3 * s, at);
    sample(out, "container_memory_working_set_bytes", pods(t, pod1, "app"), MEMORY_POD1, at);
    sample(out, "container_memory_working_set_bytes", pods(t, pod2, "app"), MEMORY_POD2, at);
    sample(out, "container_memory_working_set_bytes", pods(t, pod1, ""), 9e9, at);
    sample(out, "container_memory_working_set_bytes", pods(t, decoyPod, "app"), 7e9, at);
    // kube-state-metrics
    for (String pod : new String[] {pod1, pod2}) {
      sample(out, "kube_pod_container_resource_limits", pods(t, pod, "app") + ",resource=\"cpu\",unit=\"core\",node=\"n1\"", CPU_LIMIT_PER_POD, at);
      sample(out, "kube_pod_container_resource_limits", pods(t, pod, "app") + ",resource=\"memory\",unit=\"byte\",node=\"n1\"", MEMORY_LIMIT_PER_POD, at);
    }
    sample(out, "kube_pod_container_resource_limits", pods(t, decoyPod, "app") + ",resource=\"cpu\",unit=\"core\",node=\"n1\"", 8, at);
    sample(out, "kube_pod_container_status_restarts_total", pods(t, pod1, "app") + ",uid=\"u1\"", 1 + RESTARTS_PER_SECOND * s, at);
    sample(out, "kube_pod_container_status_restarts_total", pods(t, pod2, "app") + ",uid=\"u2\"", 0, at);
    sample(out, "kube_pod_container_status_restarts_total", pods(t, decoyPod, "app") + ",uid=\"u3\"", 1 + s, at);
    // Traefik
    String service = "service=\"" + t.traefikService() + "\",method=\"GET\",protocol=\"http\"";
    sample(out, "traefik_service_requests_total", service + ",code=\"200\"", OK_PER_SECOND * s, at);
    sample(out, "traefik_service_requests_total", service + ",code=\"404\"", NOT_FOUND_PER_SECOND * s, at);
    sample(out, "traefik_service_requests_total", service + ",code=\"500\"", ERRORS_PER_SECOND * s, at);
    String other = "service=\"other-ns-other-80@kubernetes\",method=\"GET\",protocol=\"http\"";
    sample(out, "traefik_service_requests_total", other + ",code=\"502\"", 500 * s, at);
    for (double[] bucket : BUCKETS) {
      sample(out, "traefik_service_request_duration_seconds_bucket",
          service + ",code=\"200\",le=\"" + bucket[0] + "\"", bucket[1] * s, at);
    }
    sample(out, "traefik_service_request_duration_seconds_bucket", service + ",code=\"200\",le=\"+Inf\"", 11.5 * s, at);
    sample(out, "traefik_service_request_duration_seconds_bucket", other + ",code=\"200\",le=\"+Inf\"", 500 * s, at);
    sample(out, "traefik_service_request_duration_seconds_bucket", other + ",code=\"200\",le=\"0.1\"", 500 * s, at);
    return out.toString();
  }

  private static String pods(MetricsTarget t, String pod, String container) {
    return "namespace=\"" + t.namespace() + "\",pod=\"" + pod + "\",container=\"" + container + "\"";
  }

  private static void sample(StringBuilder out, String name, String labels, double value, long timestampMillis) {
    out.append(name).append('{').append(labels).append("} ")
        .append(String.format(Locale.ROOT, "%.6f", value)).append(' ').append(timestampMillis).append('\n');
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
