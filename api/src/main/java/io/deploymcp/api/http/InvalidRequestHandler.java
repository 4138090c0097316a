package io.deploymcp.api.http;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemResponses;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request the HTTP decoder refused (see {@link DecoderFailures}) in place of Vert.x's
 * default, which sent an empty 400, 414 or 431. No route, filter or key lookup ever sees such a
 * request, so nothing is read, written or audited. The decoder has given up on the connection's
 * bytes, so the answer says {@code Connection: close} and the connection is closed after it.
 */
@Singleton
public class InvalidRequestHandler implements Handler<HttpServerRequest> {
  private final ProblemResponses responses;
  private final int maxRequestLineBytes;
  private final long maxHeaderBytes;

  public InvalidRequestHandler(
      ProblemResponses responses,
      @ConfigProperty(name = "quarkus.http.limits.max-initial-line-length", defaultValue = "4096") int maxRequestLineBytes,
      @ConfigProperty(name = "quarkus.http.limits.max-header-size", defaultValue = "20K") MemorySize maxHeaderBytes) {
    this.responses = responses;
    this.maxRequestLineBytes = maxRequestLineBytes;
    this.maxHeaderBytes = maxHeaderBytes.asLongValue();
  }

  @Override
  public void handle(HttpServerRequest request) {
    ApiProblem problem = DecoderFailures.problem(request.decoderResult().cause(), maxRequestLineBytes, maxHeaderBytes);
    request.response()
        .setStatusCode(problem.code().status())
        .putHeader(HttpHeaders.CONTENT_TYPE, ProblemResponses.MEDIA_TYPE)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(responses.serialize(problem.toDetail()))
        .onComplete(sent -> request.connection().close());
  }
}
