package io.deploymcp.api.http;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.ext.web.RoutingContext;

/**
 * An answer after which the connection closes, serving nothing that follows on it. Vert.x keeps an
 * HTTP/1.1 connection alive by the request's headers alone, whatever {@code Connection: close}
 * the answer says, and would go on to the requests pipelined behind this one, which for a refused
 * request may be its own body (a smuggled request, or the unread bytes of an oversized one).
 */
final class ClosingAnswer {
  private ClosingAnswer() {}

  static void endAndClose(RoutingContext rc, String body) {
    HttpConnection connection = rc.request().connection();
    if (connection instanceof Http1xServerConnection http1) {
      http1.handler(pipelined -> {}); // the connection closes under it once the answer is out
    }
    rc.response().end(body).onComplete(sent -> connection.close());
  }
}
