package io.deploymcp.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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

  public String serialize(ProblemDetail detail) {
    try {
      return json.writeValueAsString(detail);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("problem detail not serializable", e);
    }
  }
}
