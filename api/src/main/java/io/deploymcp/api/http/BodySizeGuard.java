package io.deploymcp.api.http;

import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.problem.ProblemResponses;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Refuses a declared Content-Length above the body limit before any byte is read, as
 * problem+json (Quarkus' own, larger limit would answer with an empty 413).
 */
@Singleton
public class BodySizeGuard {
  private final long maxBytes;
  private final String problem;

  public BodySizeGuard(ApiConfig config, ProblemResponses responses) {
    this.maxBytes = config.limits().maxBodyBytes();
    this.problem =
        responses.serialize(
            new ApiProblem(
                    ProblemCode.PAYLOAD_TOO_LARGE,
                    "The request body exceeds " + maxBytes + " bytes",
                    "Send at most " + maxBytes + " bytes.")
                .toDetail());
  }

  void register(@Observes Filters filters) {
    filters.register(
        rc -> {
          String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
          if (length != null && exceeds(length)) {
            rc.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemResponses.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(problem);
            return;
          }
          rc.next();
        },
        100);
  }

  private boolean exceeds(String length) {
    try {
      return Long.parseLong(length.trim()) > maxBytes;
    } catch (NumberFormatException e) {
      return false; // Vert.x rejects a malformed Content-Length itself
    }
  }
}
