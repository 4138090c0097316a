package io.deploymcp.api.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.http.JsonInputCheck;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.JsonProblems;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.problem.ProblemResponses;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Reads the body of every authenticated POST to the MCP transport (Streamable HTTP at
 * {@code /mcp}, the legacy SSE transport's {@code /mcp/messages/...}) and refuses, as 400
 * problem+json before the MCP server parses it, a message that is empty or no JSON (MALFORMED_JSON) or
 * holds a key twice in one object (DUPLICATE_JSON_KEY): the server's parser keeps the last
 * value, so the method, the tool or an argument could differ from what a proxy or log saw. The
 * body is read with Vert.x's BodyHandler, whose state the extension's own body handler finds
 * done; over the body limit is 413 ({@code RouteFailureHandler}). A U+0000 in a tool argument is
 * the tool's error ({@link ToolRunner}), so the client learns which argument.
 */
@Singleton
public class McpMessageCheck {
  private static final String PATH = "/mcp";

  private final BodyHandler bodyHandler;
  private final ProblemResponses responses;

  public McpMessageCheck(ApiConfig config, ProblemResponses responses) {
    this.bodyHandler = BodyHandler.create(false).setBodyLimit(config.limits().maxBodyBytes());
    this.responses = responses;
  }

  void register(@Observes Filters filters) {
    // Below McpAccessFilter (90): only authenticated requests get their body read.
    filters.register(rc -> {
      if (isMcpPost(rc)) {
        bodyHandler.handle(rc);
      } else {
        rc.next();
      }
    }, 81);
    // Above McpSessionFilter (79): an initialize is checked before its session is recorded.
    filters.register(this::check, 80);
  }

  private void check(RoutingContext rc) {
    ApiProblem problem = isMcpPost(rc) ? problemWith(rc) : null;
    if (problem == null) {
      rc.next();
      return;
    }
    rc.response()
        .setStatusCode(problem.code().status())
        .putHeader(HttpHeaders.CONTENT_TYPE, ProblemResponses.MEDIA_TYPE)
        .end(responses.serialize(problem.toDetail()));
  }

  /** What is wrong with the message, or null when the MCP server may read it. */
  private static ApiProblem problemWith(RoutingContext rc) {
    if (rc.body() == null || rc.body().buffer() == null || rc.body().length() <= 0) {
      return new ApiProblem(ProblemCode.MALFORMED_JSON, "The request body is empty",
          "POST one JSON-RPC message (or a batch) to /mcp.");
    }
    try {
      JsonInputCheck.check(rc.body().buffer().getBytes(), JsonInputCheck.Nul.ALLOW);
      return null;
    } catch (ApiProblem e) {
      return e;
    } catch (JsonProcessingException e) {
      return JsonProblems.malformed(e);
    }
  }

  private static boolean isMcpPost(RoutingContext rc) {
    String path = rc.normalizedPath();
    return rc.request().method() == HttpMethod.POST
        && path != null && (path.equals(PATH) || path.startsWith(PATH + "/"));
  }
}
