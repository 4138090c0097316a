package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ProblemCode;

/** The TCP port the app listens on. */
public record Port(int value) {
  public static final int DEFAULT = 8080;

  public Port {
    if (value < 1 || value > 65535) {
      throw new ValidationException(
          ProblemCode.INVALID_PORT, "port", "port " + value + " is outside 1-65535");
    }
  }

  public static Port orDefault(Integer raw) {
    return new Port(raw == null ? DEFAULT : raw);
  }
}
