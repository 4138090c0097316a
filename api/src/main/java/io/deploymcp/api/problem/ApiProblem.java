package io.deploymcp.api.problem;

import java.util.List;
import java.util.Map;

/**
 * A request that cannot be served, with the code and hint the caller gets as
 * problem+json. Thrown anywhere below a resource; {@link ProblemMappers} renders it.
 * Messages never contain secrets: they are shown to callers verbatim.
 */
public class ApiProblem extends RuntimeException {
  private final ProblemCode code;
  private final String hint;
  private final List<FieldError> errors;
  private final Map<String, String> headers;

  public ApiProblem(ProblemCode code, String detail) {
    this(code, detail, code.defaultHint(), List.of(), Map.of());
  }

  public ApiProblem(ProblemCode code, String detail, String hint) {
    this(code, detail, hint, List.of(), Map.of());
  }

  public ApiProblem(
      ProblemCode code,
      String detail,
      String hint,
      List<FieldError> errors,
      Map<String, String> headers) {
    super(detail, null, false, false);
    this.code = code;
    this.hint = hint == null ? code.defaultHint() : hint;
    this.errors = List.copyOf(errors);
    this.headers = Map.copyOf(headers);
  }

  public static ApiProblem notFound(String what) {
    return new ApiProblem(ProblemCode.NOT_FOUND, what + " not found");
  }

  public ProblemCode code() {
    return code;
  }

  public String hint() {
    return hint;
  }

  public List<FieldError> errors() {
    return errors;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public ProblemDetail toDetail() {
    String field = errors.isEmpty() ? null : errors.getFirst().field();
    return new ProblemDetail(
        code.type(),
        code.title(),
        code.status(),
        getMessage(),
        code.name(),
        hint,
        field,
        errors.isEmpty() ? null : errors);
  }
}
