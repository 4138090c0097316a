package io.deploymcp.api.replicas;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.HttpProxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reverse proxy (vertx-http-proxy) that sends request n to backend n mod 2, strictly
 * alternating and without any stickiness (as Traefik without cookies would), the SSE GET stream
 * included. It records which backend got which request, so a test can show that a session
 * really was served by both.
 */
final class RoundRobinProxy implements AutoCloseable {
  /** One proxied request: the backend index, method, path and the session header it carried. */
  record Routed(int backend, String method, String path, String sessionId) {}

  private final Vertx vertx = Vertx.vertx();
  private final AtomicInteger next = new AtomicInteger();
  private final List<Routed> routed = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  RoundRobinProxy(int... backendPorts) throws Exception {
    HttpProxy proxy = HttpProxy.reverseProxy(vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(64)));
    proxy.originSelector(request -> {
      int backend = Math.floorMod(next.getAndIncrement(), backendPorts.length);
      routed.add(new Routed(backend, request.method().name(), request.path(), request.getHeader("Mcp-Session-Id")));
      return Future.succeededFuture(SocketAddress.inetSocketAddress(backendPorts[backend], "127.0.0.1"));
    });
    server = vertx.createHttpServer().requestHandler(proxy)
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  List<Routed> routed() {
    return List.copyOf(routed);
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
