package io.deploymcp.api.mcp.session;

import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.mcp.McpAccessFilter;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.problem.ProblemResponses;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * Makes a Streamable HTTP session at {@code /mcp} usable from every API replica. Runs after
 * {@link McpAccessFilter} (the key is known) and the body handler:
 *
 * <ul>
 *   <li>{@code initialize} (POST, no {@code Mcp-Session-Id}): a session is recorded in
 *       {@code mcp_sessions} for the caller's key before the extension answers, and the id the
 *       client receives is that row's (the extension's own, process-local id is swapped out of
 *       the answer), so the client's next request finds it on any replica.
 *   <li>any request with {@code Mcp-Session-Id}: an unknown or ended session is 404
 *       {@code MCP_SESSION_NOT_FOUND} (the client initializes again); a session opened by another
 *       key is 403 {@code MCP_SESSION_KEY_MISMATCH} and nothing reaches the MCP server. A POST is
 *       then served by the extension on a connection this replica rebuilds from the row when it
 *       has none ({@link McpConnections}); {@code notifications/initialized} is answered here
 *       (the rebuilt connection is initialized already).
 *   <li>GET opens the session's event stream here ({@link McpEventStreams}: numbered events from
 *       the database, resumable with {@code Last-Event-ID} on any replica).
 *   <li>DELETE ends the session for every replica.
 * </ul>
 */
@Singleton
public class McpSessionFilter {
  public static final String SESSION_HEADER = "Mcp-Session-Id";
  private static final String PATH = "/mcp";
  private static final Logger LOG = Logger.getLogger(McpSessionFilter.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final McpSessionStore store;
  private final McpConnections connections;
  private final McpEventStreams streams;
  private final ProblemResponses responses;
  private final Vertx vertx;

  public McpSessionFilter(
      McpSessionStore store,
      McpConnections connections,
      McpEventStreams streams,
      ProblemResponses responses,
      Vertx vertx) {
    this.store = store;
    this.connections = connections;
    this.streams = streams;
    this.responses = responses;
    this.vertx = vertx;
  }

  void register(@Observes Filters filters) {
    // Below McpMessageCheck (81 reads the body, 80 checks it), above ResourceSubscribeGuard (78).
    filters.register(this::filter, 79);
  }

  private void filter(RoutingContext rc) {
    if (!PATH.equals(rc.normalizedPath())) {
      rc.next(); // the legacy SSE transport (/mcp/sse, /mcp/messages) keeps its own sessions
      return;
    }
    Caller caller = rc.get(McpAccessFilter.CALLER);
    String sessionId = rc.request().getHeader(SESSION_HEADER);
    HttpMethod method = rc.request().method();
    if (caller == null) {
      rc.next();
    } else if (sessionId == null) {
      JsonObject message = method == HttpMethod.POST ? jsonObject(rc) : null;
      if (message != null && "initialize".equals(message.getString("method"))) {
        initialize(rc, caller, message);
      } else {
        rc.next(); // the extension answers (405 for GET, an error for a first message that is no initialize)
      }
    } else {
      resume(rc, caller, sessionId, method);
    }
  }

  private void initialize(RoutingContext rc, Caller caller, JsonObject message) {
    JsonObject params = message.getJsonObject("params", new JsonObject());
    JsonObject client = params.getValue("clientInfo") instanceof JsonObject info ? info : new JsonObject();
    McpSession session = new McpSession(
        newId(), caller.apiKeyId(), caller.tenantId(),
        bounded(params.getValue("protocolVersion"), "2025-03-26"),
        bounded(client.getValue("name"), "unknown"),
        bounded(client.getValue("version"), "unknown"),
        null);
    vertx.executeBlocking(() -> {
          store.create(session);
          return null;
        }, false)
        .onComplete(created -> {
          if (created.failed()) {
            refuse(rc, created.cause());
            return;
          }
          String[] local = new String[1];
          rc.addHeadersEndHandler(v -> {
            local[0] = rc.response().headers().get(SESSION_HEADER);
            if (local[0] != null) {
              rc.response().headers().set(SESSION_HEADER, session.id());
            }
          });
          rc.addEndHandler(done -> {
            if (local[0] != null) {
              connections.drop(local[0]); // the session is served under the shared id from now on
            } else {
              blocking(() -> store.delete(session.id())); // initialize failed: no client has the id
            }
          });
          rc.next();
        });
  }

  private void resume(RoutingContext rc, Caller caller, String sessionId, HttpMethod method) {
    String lastEventId = rc.request().getHeader("Last-Event-ID");
    vertx.executeBlocking(() -> {
          McpSession session = store.find(sessionId).orElseThrow(() -> new ApiProblem(
              ProblemCode.MCP_SESSION_NOT_FOUND,
              "MCP session " + printable(sessionId) + " does not exist or has ended"));
          if (!session.apiKeyId().equals(caller.apiKeyId())) {
            throw new ApiProblem(
                ProblemCode.MCP_SESSION_KEY_MISMATCH,
                "MCP session " + printable(sessionId) + " was opened by another API key than " + caller.keyPrefix());
          }
          if (method == HttpMethod.DELETE) {
            store.delete(sessionId);
          } else {
            store.touch(session);
            if (method == HttpMethod.POST) {
              connections.ensure(session);
            }
          }
          return session;
        }, false)
        .onComplete(found -> {
          if (found.failed()) {
            refuse(rc, found.cause());
          } else if (method == HttpMethod.DELETE) {
            connections.drop(sessionId);
            streams.end(sessionId);
            rc.response().end();
          } else if (method == HttpMethod.GET) {
            openStream(rc, sessionId, lastEventId);
          } else if (isInitializedNotification(rc)) {
            rc.response().setStatusCode(202).end();
          } else {
            rc.next();
          }
        });
  }

  private void openStream(RoutingContext rc, String sessionId, String lastEventId) {
    Long resumeAfter;
    try {
      resumeAfter = lastEventId == null || lastEventId.isBlank() ? null : Long.parseLong(lastEventId.trim());
    } catch (NumberFormatException e) {
      refuse(rc, new ApiProblem(ProblemCode.INVALID_PARAMETER,
          "Last-Event-ID '" + printable(lastEventId) + "' is not an event id of this server",
          "Send the id of the last event this session's stream delivered, or no Last-Event-ID."));
      return;
    }
    vertx.executeBlocking(() -> {
          streams.open(sessionId, rc.response(), resumeAfter);
          return null;
        }, false)
        .onFailure(e -> refuse(rc, e));
  }

  private static boolean isInitializedNotification(RoutingContext rc) {
    JsonObject message = jsonObject(rc);
    return message != null && "notifications/initialized".equals(message.getString("method"))
        && !message.containsKey("id");
  }

  private static JsonObject jsonObject(RoutingContext rc) {
    try {
      return rc.body() == null || rc.body().buffer() == null ? null : rc.body().asJsonObject();
    } catch (RuntimeException e) {
      return null; // not one JSON object (a batch, or malformed): the extension answers it
    }
  }

  private void refuse(RoutingContext rc, Throwable cause) {
    ApiProblem problem;
    if (cause instanceof ApiProblem p) {
      problem = p;
    } else {
      LOG.errorf(cause, "could not serve an MCP session request");
      problem = new ApiProblem(ProblemCode.INTERNAL_ERROR, "Internal error");
    }
    if (rc.response().headWritten()) {
      rc.response().end();
      return;
    }
    rc.response().setStatusCode(problem.code().status())
        .putHeader(HttpHeaders.CONTENT_TYPE, ProblemResponses.MEDIA_TYPE)
        .end(responses.serialize(problem.toDetail()));
  }

  private void blocking(Runnable work) {
    vertx.executeBlocking(() -> {
      work.run();
      return null;
    }, false).onFailure(e -> LOG.debugf("MCP session bookkeeping failed: %s", e.getMessage()));
  }

  static String newId() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String bounded(Object raw, String fallback) {
    if (!(raw instanceof String s) || s.isBlank()) {
      return fallback;
    }
    String cut = s.length() > 100 ? s.substring(0, 100) : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private static String printable(String raw) {
    String cut = raw.length() > 64 ? raw.substring(0, 64) + "…" : raw;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
