package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Collects every invalid field of one request, so a caller fixes them all in one round trip.
 * The first failure gives the problem's code.
 */
public final class FieldChecks {
  private final List<ValidationException> failures = new ArrayList<>();

  /** Runs one parse; on failure records it and returns null. */
  public <T> T check(Supplier<T> parse) {
    try {
      return parse.get();
    } catch (ValidationException e) {
      failures.add(e);
      return null;
    }
  }

  public void fail(ValidationException e) {
    failures.add(e);
  }

  public boolean ok() {
    return failures.isEmpty();
  }

  /** Throws when any check failed; a single failure is thrown as is. */
  public void throwIfInvalid() {
    if (failures.isEmpty()) {
      return;
    }
    ValidationException first = failures.getFirst();
    if (failures.size() == 1) {
      throw first;
    }
    List<FieldError> errors = new ArrayList<>();
    failures.forEach(f -> errors.addAll(f.errors()));
    String fields = String.join(", ", errors.stream().map(FieldError::field).toList());
    throw new ApiProblem(
        first.code(),
        failures.size() + " fields are invalid (" + fields + "); first: " + first.getMessage(),
        first.hint(),
        errors,
        Map.of());
  }
}
