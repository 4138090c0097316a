package io.deploymcp.api.validation;

/**
 * The shared rule for paths inside a repository (root_dir, dockerfile_path, watch_paths):
 * relative, '/'-separated, no '.', '..' or empty components, no backslashes, blanks or control
 * characters, so nothing built from one can reach outside the checkout.
 */
final class RepoPaths {
  static final int MAX_LENGTH = 512;

  private RepoPaths() {}

  /** The path without one trailing '/', or null when it is not a path inside the repository. */
  static String normalize(String value) {
    String normalized = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    if (normalized.length() > MAX_LENGTH || normalized.startsWith("/")) {
      return null;
    }
    for (int i = 0; i < normalized.length(); i++) {
      char c = normalized.charAt(i);
      if (c <= 0x20 || Character.isISOControl(c) || c == '\\') {
        return null;
      }
    }
    if (!normalized.isEmpty()) {
      for (String part : normalized.split("/", -1)) {
        if (part.isEmpty() || part.equals(".") || part.equals("..")) {
          return null;
        }
      }
    }
    return normalized;
  }

  /** True when {@code file} is {@code dir} itself or lies below it; "" is the whole repository. */
  static boolean isUnder(String file, String dir) {
    return dir.isEmpty() || file.equals(dir) || file.startsWith(dir + "/");
  }
}
