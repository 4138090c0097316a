package io.deploymcp.api.http;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.problem.ProblemResponses;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Quarkus's own endpoints under /q/ (health, metrics, OpenAPI, Swagger UI) only read: their
 * handlers answer any method (a DELETE of /q/openapi was 200 with the document), which tells a
 * scanner nothing true and a cache or proxy something false. Anything but GET or HEAD there is
 * 405 METHOD_NOT_ALLOWED with Allow, as problem+json like every other refusal.
 */
@Singleton
public class QuarkusEndpointMethods {
  private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD);

  private final ProblemResponses responses;

  public QuarkusEndpointMethods(ProblemResponses responses) {
    this.responses = responses;
  }

  void register(@Observes Filters filters) {
    // Below RequestTextGuard (300), so the path it looks at is well-formed; above everything else.
    filters.register(this::filter, 250);
  }

  private void filter(RoutingContext rc) {
    String path = rc.normalizedPath();
    if (!(path.equals("/q") || path.startsWith("/q/")) || READS.contains(rc.request().method())) {
      rc.next();
      return;
    }
    ApiProblem problem = new ApiProblem(
        ProblemCode.METHOD_NOT_ALLOWED, rc.request().method().name() + " is not allowed on " + path,
        "Quarkus's endpoints under /q/ answer GET and HEAD only.", List.of(), Map.of("Allow", "GET, HEAD"));
    responses.send(rc.response(), problem);
  }
}
