package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ProblemCode;

/**
 * The directory inside the repository to build from: relative, no '..' and no hidden
 * components, so a build cannot reach outside the checkout. Empty means the repository root.
 */
public record RootDir(String value) {
  public static final int MAX_LENGTH = 512;

  public RootDir {
    if (value == null) {
      value = "";
    }
    String normalized = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    boolean ok = normalized.length() <= MAX_LENGTH && !normalized.startsWith("/");
    for (int i = 0; ok && i < normalized.length(); i++) {
      char c = normalized.charAt(i);
      ok = c > 0x20 && c != 0x7f && c != '\\';
    }
    if (ok && !normalized.isEmpty()) {
      for (String part : normalized.split("/", -1)) {
        ok &= !part.isEmpty() && !part.equals(".") && !part.equals("..");
      }
    }
    if (!ok) {
      throw new ValidationException(
          ProblemCode.INVALID_PATH,
          "root_dir",
          "root_dir '" + ServiceName.printable(value) + "' is not a relative path inside the repository");
    }
    value = normalized;
  }
}
