package io.deploymcp.worker.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} on the worker's management port, with the JDK's own HTTP server (the
 * worker has no web server, and a scrape endpoint does not justify one). Port 0 turns it off.
 * Nothing else is served: the port exposes figures, never a control.
 */
public final class MetricsServer {
  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final String address;
  private final int port;
  private HttpServer server;
  private ExecutorService executor;

  public MetricsServer(PrometheusMeterRegistry registry, String address, int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          "DP_WORKER_METRICS_PORT must be 0 (off) or a port up to 65535, not " + port);
    }
    this.registry = registry;
    this.address = address == null || address.isBlank() ? "127.0.0.1" : address;
    this.port = port;
  }

  public void start() {
    if (port == 0) {
      log.info("Metrics: off (DP_WORKER_METRICS_PORT=0)");
      return;
    }
    try {
      server = HttpServer.create(new InetSocketAddress(address, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve metrics on " + address + ":" + port
              + " (DP_WORKER_METRICS_ADDRESS / DP_WORKER_METRICS_PORT): " + e.getMessage(),
          e);
    }
    server.createContext("/", this::handle);
    // One thread: scrapes come every few seconds and take milliseconds.
    executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "metrics-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.start();
    log.info("Metrics: http://{}:{}/metrics", address, boundPort());
  }

  /** The port actually bound (differs from the configured one only in tests that ask for any). */
  public int boundPort() {
    return server == null ? 0 : server.getAddress().getPort();
  }

  public void stop() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!exchange.getRequestURI().getPath().equals("/metrics")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
