package io.deploymcp.api.http;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.problem.ProblemResponses;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Refusals from below the REST layer as problem+json with a code, like every other answer:
 * Vert.x's own (a path or query it cannot decode, a missing Host, a method no route takes), the
 * body handler's 413, and the MCP transport's (a wrong Accept, an unknown session). Quarkus's
 * default failure handler would answer them with an empty body. REST errors never get here:
 * the exception mappers answer them first.
 */
@Singleton
public class RouteFailureHandler {
  private static final Logger LOG = Logger.getLogger(RouteFailureHandler.class);
  private static final String MCP = "/mcp";

  private final ProblemResponses responses;

  public RouteFailureHandler(ProblemResponses responses) {
    this.responses = responses;
  }

  void register(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
  }

  private void handle(RoutingContext rc) {
    if (rc.response().ended()) {
      return;
    }
    if (rc.response().headWritten()) {
      rc.response().reset(); // an answer is half sent: all the client can learn is that it broke
      return;
    }
    responses.send(rc.response(), problem(rc));
  }

  private ApiProblem problem(RoutingContext rc) {
    Throwable failure = rc.failure();
    if (failure instanceof ApiProblem problem) {
      return problem;
    }
    int status = failure instanceof HttpException http ? http.getStatusCode() : rc.statusCode();
    String path = rc.request().path();
    boolean mcp = path != null && (path.equals(MCP) || path.startsWith(MCP + "/"));
    String route = rc.request().method() + " " + ControlCharacters.printable(String.valueOf(path));
    return switch (status) {
      case 400 -> new ApiProblem(ProblemCode.MALFORMED_REQUEST, mcp
          ? "The MCP transport refused the request: Accept must list application/json and text/event-stream,"
              + " and MCP-Protocol-Version, when sent, must be a version this server speaks"
          : "The request is malformed (HTTP 400)");
      case 404 -> MCP.equals(path)
          ? new ApiProblem(ProblemCode.MCP_SESSION_NOT_FOUND, "No MCP session for " + route)
          : new ApiProblem(ProblemCode.NOT_FOUND, "No resource at " + route,
              "Check the path; GET /q/openapi lists every route.");
      case 405 -> new ApiProblem(ProblemCode.METHOD_NOT_ALLOWED, mcp
          ? "Method not allowed: " + route + " (GET and DELETE need the Mcp-Session-Id of an initialized session)"
          : "Method not allowed: " + route);
      case 406 -> new ApiProblem(ProblemCode.NOT_ACCEPTABLE, "Cannot produce the media type asked for in Accept");
      case 413 -> new ApiProblem(ProblemCode.PAYLOAD_TOO_LARGE, "The request body is too large");
      case 415 -> new ApiProblem(ProblemCode.UNSUPPORTED_MEDIA_TYPE, "The request's Content-Type is not supported here");
      default -> {
        if (status >= 400 && status < 500) {
          yield new ApiProblem(ProblemCode.MALFORMED_REQUEST, "The request was refused (HTTP " + status + ")");
        }
        LOG.errorf(failure, "request failed below the REST layer: %s", route);
        yield new ApiProblem(ProblemCode.INTERNAL_ERROR, "Internal error");
      }
    };
  }
}
