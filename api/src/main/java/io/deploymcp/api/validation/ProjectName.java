package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ProblemCode;
import java.util.regex.Pattern;

/**
 * A project name. Projects become the Kubernetes namespace {@code dp-<tenant>-<project>},
 * so the name is a short DNS label.
 */
public record ProjectName(String value) {
  public static final String DEFAULT = "default";
  public static final int MAX_LENGTH = 30;
  private static final Pattern LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

  public ProjectName {
    if (value == null
        || value.length() > MAX_LENGTH
        || !LABEL.matcher(value).matches()
        || value.contains("--")) {
      throw new ValidationException(
          ProblemCode.INVALID_PROJECT,
          "project",
          "project '" + ServiceName.printable(String.valueOf(value)) + "' is not a short DNS label");
    }
  }

  public static ProjectName orDefault(String raw) {
    return new ProjectName(raw == null ? DEFAULT : raw);
  }
}
