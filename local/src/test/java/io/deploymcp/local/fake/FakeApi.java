package io.deploymcp.local.fake;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Stands in for the API in launcher tests: answers /q/health/ready on DP_API_PORT and, when
 * FAKE_API_EXIT_AFTER_MS is set, exits with code 3 after that long (a crash).
 */
public final class FakeApi {
  private FakeApi() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int port = Integer.parseInt(System.getenv("DP_API_PORT"));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/q/health/ready", exchange -> {
      byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    System.out.println("fake api started in 0.1s. DP_ALLOW_LOCAL_REPOS=" + System.getenv("DP_ALLOW_LOCAL_REPOS"));
    FakeExit.afterConfiguredDelay("FAKE_API_EXIT_AFTER_MS", 3);
  }
}
