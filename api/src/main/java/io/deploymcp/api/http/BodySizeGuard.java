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
  private final long maxWebhookBytes;
  private final String problem;
  private final String webhookProblem;

  public BodySizeGuard(ApiConfig config, ProblemResponses responses) {
    this.maxBytes = config.limits().maxBodyBytes();
    this.maxWebhookBytes = config.limits().maxWebhookBodyBytes();
    this.problem = tooLarge(responses, maxBytes);
    this.webhookProblem = tooLarge(responses, maxWebhookBytes);
  }

  private static String tooLarge(ProblemResponses responses, long limit) {
    return responses.serialize(
        new ApiProblem(
                ProblemCode.PAYLOAD_TOO_LARGE,
                "The request body exceeds " + limit + " bytes",
                "Send at most " + limit + " bytes.")
            .toDetail());
  }

  void register(@Observes Filters filters) {
    filters.register(
        rc -> {
          String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
          String path = rc.request().path();
          boolean webhook = path != null && path.startsWith(BodyCaptureFilter.WEBHOOK_PATHS);
          if (length != null && exceeds(length, webhook ? maxWebhookBytes : maxBytes)) {
            rc.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemResponses.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close");
            // The body is not read: what follows on the connection is its bytes, not a request.
            ClosingAnswer.endAndClose(rc, webhook ? webhookProblem : problem);
            return;
          }
          rc.next();
        },
        100);
  }

  private static boolean exceeds(String length, long limit) {
    try {
      return Long.parseLong(length.trim()) > limit;
    } catch (NumberFormatException e) {
      return false; // Vert.x rejects a malformed Content-Length itself
    }
  }
}
