package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ProblemCode;
import java.util.Locale;

/** Where a deployment runs: production (the service URL) or a preview. */
public enum DeployEnvironment {
  PRODUCTION,
  PREVIEW;

  public static DeployEnvironment orDefault(String raw) {
    if (raw == null) {
      return PRODUCTION;
    }
    for (DeployEnvironment environment : values()) {
      if (environment.wireName().equals(raw)) {
        return environment;
      }
    }
    throw new ValidationException(
        ProblemCode.INVALID_ENVIRONMENT,
        "environment",
        "environment '" + ServiceName.printable(raw) + "' is not production or preview");
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
