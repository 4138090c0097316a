package io.deploymcp.api.mcp;

import io.deploymcp.api.auth.ApiKeyAuthenticator;
import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.problem.ProblemResponses;
import io.deploymcp.api.ratelimit.RateLimiter;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The door of /mcp: every HTTP request to the MCP endpoint (initialize, tool calls, the SSE
 * stream, session deletion) passes here before the MCP server reads a byte of it. A foreign
 * {@code Origin} is refused with 403; a missing, unknown, revoked or expired bearer key with
 * 401 (the same {@link ApiKeyAuthenticator} as REST); a key over its rate limit with 429. All as
 * problem+json. The authenticated {@link Caller} rides on the routing context for the tools.
 */
@Singleton
public class McpAccessFilter {
  /** Routing-context key of the authenticated caller. */
  public static final String CALLER = "dp.mcp.caller";
  private static final Logger LOG = Logger.getLogger(McpAccessFilter.class);
  private static final String PATH = "/mcp";

  private final ApiKeyAuthenticator authenticator;
  private final RateLimiter rateLimiter;
  private final ProblemResponses responses;
  private final AllowedOrigins origins;
  private final Vertx vertx;

  public McpAccessFilter(
      ApiKeyAuthenticator authenticator,
      RateLimiter rateLimiter,
      ProblemResponses responses,
      ApiConfig config,
      Vertx vertx) {
    this.authenticator = authenticator;
    this.rateLimiter = rateLimiter;
    this.responses = responses;
    this.origins = new AllowedOrigins(config.mcp().allowedOrigins());
    this.vertx = vertx;
  }

  void register(@Observes Filters filters) {
    // Below BodySizeGuard (100): an oversized body is refused before its key is looked up.
    filters.register(this::filter, 90);
  }

  private void filter(RoutingContext rc) {
    String path = rc.normalizedPath();
    if (path == null || !(path.equals(PATH) || path.startsWith(PATH + "/"))) {
      rc.next();
      return;
    }
    String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
    if (origin != null && !origins.admits(origin)) {
      refuse(rc, new ApiProblem(ProblemCode.ORIGIN_NOT_ALLOWED, "Origin '" + printable(origin) + "' may not call /mcp"));
      return;
    }
    String authorization = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
    // The key lookup reads the database: off the event loop, with the body held back meanwhile.
    boolean paused = !rc.request().isEnded();
    if (paused) {
      rc.request().pause();
    }
    vertx.<Caller>executeBlocking(
            () -> {
              Caller caller = authenticator.authenticate(authorization);
              rateLimiter.take(caller);
              return caller;
            },
            false)
        .onComplete(
            result -> {
              if (result.succeeded()) {
                rc.put(CALLER, result.result());
                if (paused) {
                  // Vert.x hands the held-back chunks over asynchronously, after next() has
                  // installed the MCP route's body handler.
                  rc.request().resume();
                }
                rc.next();
              } else if (result.cause() instanceof ApiProblem problem) {
                refuse(rc, problem);
              } else {
                LOG.errorf(result.cause(), "could not authenticate an MCP request");
                refuse(rc, new ApiProblem(ProblemCode.INTERNAL_ERROR, "Internal error"));
              }
            });
  }

  private void refuse(RoutingContext rc, ApiProblem problem) {
    String body = responses.head(rc.response(), problem);
    if (problem.code() == ProblemCode.UNAUTHENTICATED) {
      rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"deploy-mcp\"");
    }
    rc.response().end(body);
  }

  private static String printable(String raw) {
    String cut = raw.length() > 100 ? raw.substring(0, 100) + "…" : raw;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
