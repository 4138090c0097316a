package io.deploymcp.api.mcp;

import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * The caller of the MCP request a tool serves: {@link McpAccessFilter} authenticated the HTTP
 * request that carries the tools/call, and the MCP server makes that request current while the
 * tool runs.
 */
@Singleton
public class McpCallers {
  private final CurrentVertxRequest request;

  public McpCallers(CurrentVertxRequest request) {
    this.request = request;
  }

  /** The caller, or null outside an authenticated MCP request (no request context). */
  public Caller currentOrNull() {
    try {
      RoutingContext rc = request.getCurrent();
      return rc == null ? null : rc.get(McpAccessFilter.CALLER);
    } catch (RuntimeException e) {
      return null; // no active request context
    }
  }

  public Caller current() {
    RoutingContext rc = request.getCurrent();
    Caller caller = rc == null ? null : rc.get(McpAccessFilter.CALLER);
    if (caller == null) {
      // The filter refuses unauthenticated requests, so this is a bug, reported like REST does.
      throw new ApiProblem(ProblemCode.UNAUTHENTICATED, "No API key on this MCP request");
    }
    return caller;
  }
}
