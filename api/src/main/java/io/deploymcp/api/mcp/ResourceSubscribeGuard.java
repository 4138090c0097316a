package io.deploymcp.api.mcp;

import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.mcp.session.McpSessionFilter;
import io.deploymcp.api.mcp.session.McpSessionStore;
import io.deploymcp.api.service.ServiceRepository.Identity;
import io.vertx.core.Vertx;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Refuses {@code resources/subscribe} for a service resource the caller may not read. The MCP
 * extension (1.13) subscribes any registered URI without consulting {@link
 * ServiceResourceFilter}, so without this a client could follow another tenant's service by
 * name. Runs after {@link McpAccessFilter} (the caller is known) on POST /mcp only, on the body
 * {@link McpMessageCheck} read and checked, and answers the JSON-RPC request with the extension's "resource not found" error (-32002), as a
 * read of that URI would. An admitted subscribe or unsubscribe of a service is recorded for the
 * session in {@code mcp_subscriptions} before the extension answers it, so the update
 * notifications reach the session's GET stream on whichever replica holds it (V6's triggers
 * write them as session events).
 */
@Singleton
public class ResourceSubscribeGuard {
  static final int RESOURCE_NOT_FOUND = -32002;
  private static final String SUBSCRIBE = "resources/subscribe";
  private static final String UNSUBSCRIBE = "resources/unsubscribe";

  private final ServiceResourceFilter resources;
  private final McpSessionStore sessions;
  private final Vertx vertx;

  public ResourceSubscribeGuard(
      ServiceResourceFilter resources, McpSessionStore sessions, Vertx vertx) {
    this.resources = resources;
    this.sessions = sessions;
    this.vertx = vertx;
  }

  void register(@Observes Filters filters) {
    // Below McpSessionFilter (79): the session is known and belongs to the caller; the body was
    // read and checked by McpMessageCheck (81, 80).
    filters.register(this::guard, 78);
  }

  private void guard(RoutingContext rc) {
    // Every tool call passes here: only a body naming the method is parsed (the extension parses
    // the rest itself).
    if (!isMcpPost(rc) || rc.body() == null || rc.body().buffer() == null
        || !rc.body().asString().contains("subscribe")) {
      rc.next();
      return;
    }
    Object message;
    try {
      message = Json.decodeValue(rc.body().buffer());
    } catch (DecodeException e) {
      rc.next(); // the extension answers malformed JSON-RPC itself
      return;
    }
    String method = message instanceof JsonObject request ? request.getString("method") : null;
    if (SUBSCRIBE.equals(method) || UNSUBSCRIBE.equals(method)) {
      JsonObject request = (JsonObject) message;
      JsonObject params = request.getJsonObject("params");
      String uri = params == null ? null : params.getString("uri");
      Caller caller = rc.get(McpAccessFilter.CALLER);
      if (SUBSCRIBE.equals(method) && uri != null && !resources.visibleTo(caller, uri)) {
        JsonObject error = new JsonObject()
            .put("code", RESOURCE_NOT_FOUND)
            .put("message", "Resource not found: " + uri);
        rc.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(new JsonObject().put("jsonrpc", "2.0").put("id", request.getValue("id")).put("error", error).encode());
        return;
      }
      String sessionId = rc.request().getHeader(McpSessionFilter.SESSION_HEADER);
      Optional<Identity> service = uri == null ? Optional.empty() : resources.owner(uri);
      if (sessionId != null && service.isPresent()) {
        boolean subscribe = SUBSCRIBE.equals(method);
        vertx.executeBlocking(() -> {
              if (subscribe) {
                sessions.subscribe(sessionId, service.get().id());
              } else {
                sessions.unsubscribe(sessionId, service.get().id());
              }
              return null;
            }, false)
            .onComplete(done -> {
              if (done.failed()) {
                rc.fail(done.cause());
              } else {
                rc.next();
              }
            });
        return;
      }
    }
    rc.next();
  }

  private static boolean isMcpPost(RoutingContext rc) {
    return rc.request().method() == HttpMethod.POST && "/mcp".equals(rc.normalizedPath());
  }
}
