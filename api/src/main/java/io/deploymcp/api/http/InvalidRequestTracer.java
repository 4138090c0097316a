package io.deploymcp.api.http;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Gives each HTTP/1.1 connection whose request the decoder refused our {@link
 * InvalidRequestHandler}, in place of Vert.x's default one. Vert.x 4 takes that handler from
 * {@code HttpServer#invalidRequestHandler}, but Quarkus 3.33 creates and starts the server
 * itself and offers no way to call it (nor a connection handler). What Vert.x does call, as every
 * request begins and before it picks the request's handler, is the tracer's {@link
 * #receiveRequest}: the connection's invalid-request handler set here is the one it then uses.
 * It traces nothing itself; a tracer configured before it (none is, today) keeps working behind
 * it. Remove it once Quarkus lets the application set the invalid-request handler.
 */
final class InvalidRequestTracer implements VertxTracer<Object, Object> {
  private final VertxTracer<Object, Object> next;
  private final Supplier<? extends Handler<HttpServerRequest>> handler;

  InvalidRequestTracer(VertxTracer<Object, Object> next, Supplier<? extends Handler<HttpServerRequest>> handler) {
    this.next = next;
    this.handler = handler;
  }

  @Override
  public <R> Object receiveRequest(Context context, SpanKind kind, TracingPolicy policy, R request, String operation,
      Iterable<Map.Entry<String, String>> headers, TagExtractor<R> tagExtractor) {
    if (request instanceof HttpServerRequest http
        && http.decoderResult().isFailure()
        && http.connection() instanceof HttpServerConnection connection) {
      connection.invalidRequestHandler(handler.get());
    }
    return next.receiveRequest(context, kind, policy, request, operation, headers, tagExtractor);
  }

  @Override
  public <R> void sendResponse(Context context, R response, Object payload, Throwable failure, TagExtractor<R> tagExtractor) {
    next.sendResponse(context, response, payload, failure, tagExtractor);
  }

  @Override
  public <R> Object sendRequest(Context context, SpanKind kind, TracingPolicy policy, R request, String operation,
      BiConsumer<String, String> headers, TagExtractor<R> tagExtractor) {
    return next.sendRequest(context, kind, policy, request, operation, headers, tagExtractor);
  }

  @Override
  public <R> void receiveResponse(Context context, R response, Object payload, Throwable failure, TagExtractor<R> tagExtractor) {
    next.receiveResponse(context, response, payload, failure, tagExtractor);
  }

  @Override
  public void close() {
    next.close();
  }
}
