package io.deploymcp.api.validation;

import io.deploymcp.api.problem.ProblemCode;

/**
 * A branch or tag name that git accepts (the rules of {@code git check-ref-format}, as JGit's
 * {@code Repository.isValidRefName} applies them) and that cannot be mistaken for a command
 * line option: it never starts with '-'.
 */
public record GitRef(String value) {
  public static final int MAX_LENGTH = 255;

  public GitRef {
    String problem = problemWith(value);
    if (problem != null) {
      throw new ValidationException(
          ProblemCode.INVALID_REF, "ref", "'" + ServiceName.printable(String.valueOf(value)) + "' " + problem);
    }
  }

  /** Parses {@code raw} as the value of the JSON field {@code field}. */
  public static GitRef parse(String raw, String field) {
    String problem = problemWith(raw);
    if (problem != null) {
      throw new ValidationException(
          ProblemCode.INVALID_REF,
          field,
          field + " '" + ServiceName.printable(String.valueOf(raw)) + "' " + problem);
    }
    return new GitRef(raw);
  }

  /** Null when valid, else why not. */
  static String problemWith(String ref) {
    if (ref == null || ref.isEmpty()) {
      return "is empty";
    }
    if (ref.length() > MAX_LENGTH) {
      return "is longer than " + MAX_LENGTH + " characters";
    }
    if (ref.startsWith("-")) {
      return "starts with '-' and could be read as an option";
    }
    if (ref.equals("@")) {
      return "is not a ref name";
    }
    if (ref.startsWith("/") || ref.endsWith("/") || ref.contains("//")) {
      return "has an empty path component";
    }
    if (ref.endsWith(".")) {
      return "ends with '.'";
    }
    if (ref.contains("..")) {
      return "contains '..'";
    }
    if (ref.contains("@{")) {
      return "contains '@{'";
    }
    for (int i = 0; i < ref.length(); i++) {
      char c = ref.charAt(i);
      if (c <= 0x20 || c == 0x7f || "~^:?*[\\".indexOf(c) >= 0) {
        return "contains a character git forbids in ref names";
      }
      if (Character.isISOControl(c)) {
        // Git takes U+0080-U+009F; logs and terminals may not (U+0085 is a line break).
        return "contains a control character";
      }
    }
    for (String component : ref.split("/")) {
      if (component.startsWith(".")) {
        return "has a component starting with '.'";
      }
      if (component.endsWith(".lock")) {
        return "has a component ending with '.lock'";
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return value;
  }
}
