package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.FieldError;
import io.deploymcp.api.problem.ProblemCode;
import java.util.List;
import java.util.Map;

/** One invalid field. Value types throw it from their factories, so they never exist invalid. */
public final class ValidationException extends ApiProblem {
  private final String field;

  public ValidationException(ProblemCode code, String field, String detail) {
    this(code, field, detail, code.defaultHint());
  }

  public ValidationException(ProblemCode code, String field, String detail, String hint) {
    super(code, detail, hint, List.of(new FieldError(field, code.name(), detail, hint)), Map.of());
    this.field = field;
  }

  public String field() {
    return field;
  }
}
