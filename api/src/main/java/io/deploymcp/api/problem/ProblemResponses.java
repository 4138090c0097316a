package io.deploymcp.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

/**
 * Renders problems as {@code application/problem+json}. The body is serialized here, so it
 * needs no writer for the problem media type and is byte-identical when replayed.
 */
@Singleton
public class ProblemResponses {
  public static final String MEDIA_TYPE = "application/problem+json";

  private final ObjectMapper json;

  public ProblemResponses(ObjectMapper json) {
    this.json = json;
  }

  public Response render(ApiProblem problem) {
    Response.ResponseBuilder builder =
        Response.status(problem.code().status()).type(MEDIA_TYPE).entity(serialize(problem.toDetail()));
    problem.headers().forEach(builder::header);
    return builder.build();
  }

  /**
   * Sets a Vert.x response's status, type and the problem's headers, and returns the body to end
   * it with: for the route filters that answer before JAX-RS, some of which add a header or close
   * the connection first.
   */
  public String head(HttpServerResponse response, ApiProblem problem) {
    response.setStatusCode(problem.code().status()).putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPE);
    problem.headers().forEach(response::putHeader);
    return serialize(problem.toDetail());
  }

  /** Answers a Vert.x response with the problem. */
  public void send(HttpServerResponse response, ApiProblem problem) {
    response.end(head(response, problem));
  }

  public String serialize(ProblemDetail detail) {
    try {
      return json.writeValueAsString(detail);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("problem detail not serializable", e);
    }
  }
}
