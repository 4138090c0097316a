package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ProblemCode;
import java.util.regex.Pattern;

/** An environment variable name a shell and Kubernetes both accept. */
public record EnvKey(String value) {
  public static final int MAX_LENGTH = 256;
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public EnvKey {
    if (value == null || value.length() > MAX_LENGTH || !KEY.matcher(value).matches()) {
      throw new ValidationException(
          ProblemCode.INVALID_ENV,
          "env",
          "env key '" + ServiceName.printable(String.valueOf(value)) + "' is not [A-Za-z_][A-Za-z0-9_]*");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
