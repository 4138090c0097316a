package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ProblemCode;

/**
 * The directory inside the repository to build from: relative, no '..' and no hidden
 * components, so a build cannot reach outside the checkout. Empty means the repository root.
 */
public record RootDir(String value) {
  public static final int MAX_LENGTH = RepoPaths.MAX_LENGTH;

  public RootDir {
    if (value == null) {
      value = "";
    }
    String normalized = RepoPaths.normalize(value);
    if (normalized == null) {
      throw new ValidationException(
          ProblemCode.INVALID_PATH,
          "root_dir",
          "root_dir '" + ServiceName.printable(value) + "' is not a relative path inside the repository");
    }
    value = normalized;
  }

  /** True when a changed file of a push lies in this directory (the root holds every file). */
  public boolean contains(String file) {
    return RepoPaths.isUnder(file, value);
  }
}
