package io.deploymcp.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real Prometheus (the machine's binary, Debian's {@code prometheus} package at
 * {@value #DEFAULT_BINARY}, or {@code PROMETHEUS_BINARY}) on a free loopback port, with a
 * generated configuration that scrapes the given targets and a storage directory of its own,
 * removed on close. For tests and, later, the local stack.
 */
public final class PrometheusProcess implements AutoCloseable {
  public static final String DEFAULT_BINARY = "/usr/bin/prometheus";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /** One scrape job: {@code host:port} and the path, scraped every {@code interval}. */
  public record Target(String job, String address, String metricsPath, Duration interval) {
    public Target(String job, String address, String metricsPath) {
      this(job, address, metricsPath, Duration.ofSeconds(1));
    }
  }

  private final Process process;
  private final Path dir;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PrometheusProcess(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** The binary this machine would run: {@code PROMETHEUS_BINARY} or {@value #DEFAULT_BINARY}. */
  public static Path binary() {
    String configured = System.getenv("PROMETHEUS_BINARY");
    return Path.of(configured == null || configured.isBlank() ? DEFAULT_BINARY : configured);
  }

  /** Whether {@link #binary()} exists and is executable (tests skip without it, outside CI). */
  public static boolean available() {
    return Files.isExecutable(binary());
  }

  /** Starts Prometheus scraping {@code targets} and waits until it is ready. */
  public static PrometheusProcess start(List<Target> targets) {
    Path binary = binary();
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          binary + " is not installed (apt-get install prometheus) and PROMETHEUS_BINARY names no other");
    }
    try {
      Path dir = Files.createTempDirectory("dp-prometheus-");
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(config, config(targets));
      int port = EmbeddedPostgres.freePort();
      Process process =
          new ProcessBuilder(
                  binary.toString(),
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port,
                  "--storage.tsdb.retention.time=1d",
                  // POST /-/reload: a test adds a target whose port it learns after the start.
                  "--web.enable-lifecycle",
                  "--log.level=warn")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("prometheus.log").toFile())
              .start();
      PrometheusProcess prometheus = new PrometheusProcess(process, dir, port);
      prometheus.awaitReady();
      return prometheus;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + binary, e);
    }
  }

  /** The configuration: honor_timestamps stays on (its default), so an exporter may stamp samples. */
  static String config(List<Target> targets) {
    StringBuilder yaml = new StringBuilder("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n");
    for (Target target : targets) {
      String interval = target.interval().toMillis() + "ms";
      yaml.append("  - job_name: '").append(target.job()).append("'\n")
          .append("    scrape_interval: ").append(interval).append('\n')
          .append("    scrape_timeout: ").append(interval).append('\n')
          .append("    metrics_path: '").append(target.metricsPath()).append("'\n")
          .append("    static_configs:\n      - targets: ['").append(target.address()).append("']\n");
    }
    return yaml.toString();
  }

  /** Replaces the scrape targets (configuration rewritten, then {@code POST /-/reload}). */
  public void reconfigure(List<Target> targets) {
    try {
      Files.writeString(dir.resolve("prometheus.yml"), config(targets));
      HttpResponse<String> reloaded =
          http.send(
              HttpRequest.newBuilder(URI.create(url() + "/-/reload"))
                  .timeout(Duration.ofSeconds(10))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (reloaded.statusCode() != 200) {
        throw new IllegalStateException("prometheus refused the new configuration: " + reloaded.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not reconfigure prometheus", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The JSON answer of an instant query ({@code GET /api/v1/query}). */
  public String query(String promql) {
    URI uri = URI.create(url() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> response = get(uri);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("query " + promql + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** Waits until the JSON answer of {@code promql} satisfies {@code done}; returns that answer. */
  public String awaitQuery(String promql, Predicate<String> done, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    String last = null;
    while (Instant.now().isBefore(deadline)) {
      last = query(promql);
      if (done.test(last)) {
        return last;
      }
      sleep(Duration.ofMillis(200));
    }
    throw new IllegalStateException(
        "after " + timeout.toSeconds() + " s, " + promql + " still answers " + last + "; log:\n" + log());
  }

  /** Waits until every target of {@code job} was scraped successfully ({@code up == 1}). */
  public void awaitUp(String job, Duration timeout) {
    awaitQuery("min(up{job=\"" + job + "\"})", body -> body.contains("\"1\"]"), timeout);
  }

  /** What Prometheus printed (warnings and errors only). */
  public String log() {
    try {
      return Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        HttpResponse<String> ready =
            http.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for prometheus", e);
      }
      sleep(Duration.ofMillis(100));
    }
    close();
    throw new IllegalStateException("prometheus was not ready within " + START_TIMEOUT.toSeconds() + " s");
  }

  private HttpResponse<String> get(URI uri) {
    try {
      return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("prometheus at " + url() + " did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temp directory left behind is harmless.
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "prometheus at %s", url());
  }
}
