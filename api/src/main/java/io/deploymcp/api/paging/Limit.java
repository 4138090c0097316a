package io.deploymcp.api.paging;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;

/**
 * Parses the {@code limit} query parameter by hand: JAX-RS would turn a non-numeric query
 * parameter into a 404, which would mislead the caller.
 */
public final class Limit {
  private Limit() {}

  public static Integer parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      return Integer.valueOf(raw);
    } catch (NumberFormatException e) {
      throw new ApiProblem(ProblemCode.INVALID_LIMIT, "limit must be an integer");
    }
  }
}
