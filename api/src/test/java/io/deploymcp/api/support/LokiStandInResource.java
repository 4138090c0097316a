package io.deploymcp.api.support;

import com.sun.net.httpserver.HttpServer;
import io.deploymcp.embedded.LokiStandIn;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Points the API under test at a {@link LokiStandIn} (LOKI_URL), a stand-in for Loki shared by the JVM.
 *
 * <p>{@code DP_TEST_LOKI_URL} (test-only; e.g. http://127.0.0.1:3100, a real Loki v3.4 with
 * auth disabled) swaps the stand-in for that Loki: tests push to it directly, and the API reads it
 * through a recording pass-through on 127.0.0.1 so {@link #queries()} still lists the LogQL the
 * API sent. Unset (CI), the stand-in is used.
 */
public class LokiStandInResource implements QuarkusTestResourceLifecycleManager {
  /** A real Loki to test against instead of the stand-in, or null. */
  public static final String REAL_LOKI = blankToNull(System.getenv("DP_TEST_LOKI_URL"));

  private static LokiStandIn loki;
  private static HttpServer proxy;
  private static final List<String> proxied = new CopyOnWriteArrayList<>();

  public static synchronized LokiStandIn loki() {
    if (loki == null) {
      loki = new LokiStandIn();
      Runtime.getRuntime().addShutdownHook(new Thread(loki::close));
    }
    return loki;
  }

  /** Where tests push lines: the real Loki when DP_TEST_LOKI_URL is set, else the stand-in. */
  public static String pushBase() {
    return REAL_LOKI != null ? REAL_LOKI : loki().url();
  }

  /** Every LogQL query the API sent, in order. */
  public static List<String> queries() {
    return REAL_LOKI != null ? List.copyOf(proxied) : loki().queries();
  }

  @Override
  public Map<String, String> start() {
    return Map.of("dp.components.loki-url", REAL_LOKI != null ? recordingProxy() : loki().url());
  }

  @Override
  public void stop() {
    // The stand-in (or the pass-through) lives as long as the JVM.
  }

  private static synchronized String recordingProxy() {
    if (proxy == null) {
      HttpClient http = HttpClient.newHttpClient();
      try {
        proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      proxy.createContext("/", exchange -> {
        try (exchange) {
          URI in = exchange.getRequestURI();
          String raw = in.getRawQuery();
          if (raw != null) {
            for (String pair : raw.split("&")) {
              if (pair.startsWith("query=")) {
                proxied.add(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
              }
            }
          }
          HttpResponse<byte[]> answer = http.send(
              HttpRequest.newBuilder(URI.create(REAL_LOKI.replaceAll("/+$", "") + in.getRawPath()
                  + (raw == null ? "" : "?" + raw))).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
          answer.headers().firstValue("Content-Type").ifPresent(t -> exchange.getResponseHeaders().set("Content-Type", t));
          exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      proxy.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> proxy.stop(0)));
    }
    return "http://127.0.0.1:" + proxy.getAddress().getPort();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
