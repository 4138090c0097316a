package io.deploymcp.api.problem;

import jakarta.enterprise.context.ApplicationScoped;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves as problem+json with a stable code: our own problems, Jackson's parse
 * and binding errors (one mapper per exception type, because Quarkus picks the most specific
 * mapper and ships its own for some of them), framework errors such as 404/405/415, and a
 * last-resort 500 that logs the stack trace but never returns it.
 */
@ApplicationScoped // created at first request: filters are instantiated before runtime config exists
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  private final ProblemResponses responses;

  public ProblemMappers(ProblemResponses responses) {
    this.responses = responses;
  }

  @ServerExceptionMapper
  public Response apiProblem(ApiProblem e) {
    return responses.render(e);
  }

  @ServerExceptionMapper
  public Response unknownField(UnrecognizedPropertyException e) {
    return unknown(e);
  }

  @ServerExceptionMapper
  public Response propertyBinding(PropertyBindingException e) {
    return unknown(e);
  }

  @ServerExceptionMapper
  public Response invalidFormat(InvalidFormatException e) {
    return wrongType(e);
  }

  @ServerExceptionMapper
  public Response mismatchedInput(MismatchedInputException e) {
    return wrongType(e);
  }

  @ServerExceptionMapper
  public Response valueInstantiation(ValueInstantiationException e) {
    if (e.getCause() instanceof ApiProblem problem) {
      return responses.render(problem);
    }
    return wrongType(e);
  }

  @ServerExceptionMapper
  public Response jsonMapping(JsonMappingException e) {
    return wrongType(e);
  }

  @ServerExceptionMapper
  public Response jsonParse(JsonParseException e) {
    return malformed(e);
  }

  @ServerExceptionMapper
  public Response streamRead(StreamReadException e) {
    return malformed(e);
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException e) {
    return malformed(e);
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, ContainerRequestContext request) {
    // Quarkus' JSON reader wraps some Jackson errors in a 400: map them by their cause.
    switch (e.getCause()) {
      case PropertyBindingException binding -> {
        return unknown(binding);
      }
      case JsonMappingException mapping -> {
        return wrongType(mapping);
      }
      case JsonProcessingException parse -> {
        return malformed(parse);
      }
      case null, default -> {}
    }
    int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
    String route = request.getMethod() + " " + request.getUriInfo().getPath();
    ApiProblem problem =
        switch (status) {
          case 404 -> new ApiProblem(ProblemCode.NOT_FOUND, "No resource at " + route,
              "Check the path; GET /q/openapi lists every route.");
          case 405 -> new ApiProblem(ProblemCode.METHOD_NOT_ALLOWED, "Method not allowed: " + route);
          case 406 -> new ApiProblem(ProblemCode.NOT_ACCEPTABLE, "Cannot produce the media type asked for in Accept");
          case 413 -> new ApiProblem(ProblemCode.PAYLOAD_TOO_LARGE, "The request body is too large");
          case 415 -> new ApiProblem(ProblemCode.UNSUPPORTED_MEDIA_TYPE,
              "Content-Type " + request.getMediaType() + " is not supported here");
          case 400 -> new ApiProblem(ProblemCode.INVALID_TYPE, "A path or query parameter has the wrong type",
              "Check the parameters against GET /q/openapi.");
          default -> {
            if (status >= 500) {
              LOG.errorf(e, "framework error on %s", route);
              yield new ApiProblem(ProblemCode.INTERNAL_ERROR, "Internal error");
            }
            yield new ApiProblem(ProblemCode.INVALID_FIELD, "Request refused (HTTP " + status + ")");
          }
        };
    Response rendered = responses.render(problem);
    if (status == 405 && e.getResponse() != null && e.getResponse().getHeaderString("Allow") != null) {
      return Response.fromResponse(rendered).header("Allow", e.getResponse().getHeaderString("Allow")).build();
    }
    return rendered;
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e, ContainerRequestContext request) {
    LOG.errorf(e, "unexpected error on %s %s", request.getMethod(), request.getUriInfo().getPath());
    return responses.render(new ApiProblem(ProblemCode.INTERNAL_ERROR, "Internal error"));
  }

  private Response unknown(PropertyBindingException e) {
    return responses.render(JsonProblems.unknownField(e));
  }

  private Response wrongType(JsonMappingException e) {
    return responses.render(JsonProblems.wrongType(e));
  }

  private Response malformed(JsonProcessingException e) {
    return responses.render(JsonProblems.malformed(e));
  }
}
