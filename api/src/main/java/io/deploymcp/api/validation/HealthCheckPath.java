package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ProblemCode;
import java.util.regex.Pattern;

/** The HTTP path the readiness probe requests, e.g. "/healthz". */
public record HealthCheckPath(String value) {
  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/-]{0,1023}");

  public HealthCheckPath {
    if (value == null || !PATH.matcher(value).matches()) {
      throw new ValidationException(
          ProblemCode.INVALID_PATH,
          "health_check_path",
          "health_check_path '" + ServiceName.printable(String.valueOf(value)) + "' is not an absolute URL path",
          "Use a path like \"/healthz\".");
    }
  }
}
