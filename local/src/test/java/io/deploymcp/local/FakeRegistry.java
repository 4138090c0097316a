package io.deploymcp.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for a distribution registry on a loopback port, faithful to the two calls
 * autodetection makes: {@code GET /v2/} (200 with the API version header) and
 * {@code GET /v2/<name>/tags/list} (the tags, or 404 NAME_UNKNOWN as the registry answers).
 */
final class FakeRegistry implements AutoCloseable {
  private final HttpServer server;

  FakeRegistry(Map<String, List<String>> tags) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v2/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      exchange.getResponseHeaders().add("Docker-Distribution-API-Version", "registry/2.0");
      if (path.equals("/v2/")) {
        send(exchange, 200, "{}");
      } else if (path.endsWith("/tags/list")) {
        String name = path.substring("/v2/".length(), path.length() - "/tags/list".length());
        List<String> list = tags.get(name);
        if (list == null) {
          send(exchange, 404, "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\"}]}");
        } else {
          send(exchange, 200, "{\"name\":\"" + name + "\",\"tags\":["
              + String.join(",", list.stream().map(t -> "\"" + t + "\"").toList()) + "]}");
        }
      } else {
        send(exchange, 404, "{}");
      }
    });
    server.start();
  }

  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
