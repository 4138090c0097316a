package io.deploymcp.buildkit.filesync;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Go's {@code path/filepath.Match} on {@code /}-separated paths, translated to a Java regex:
 * {@code *} is any run of characters but {@code /}, {@code ?} one such character,
 * {@code [a-z]} / {@code [^a-z]} a class, {@code \} escapes. A malformed pattern matches nothing,
 * as in fsutil, which ignores Match's error.
 */
final class GoGlob {
  private GoGlob() {}

  static boolean matches(String pattern, String name) {
    return compile(pattern).map(p -> p.matcher(name).matches()).orElse(false);
  }

  static Optional<Pattern> compile(String glob) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i++);
      switch (c) {
        case '*' -> regex.append("[^/]*");
        case '?' -> regex.append("[^/]");
        case '\\' -> {
          if (i >= glob.length()) {
            return Optional.empty();
          }
          appendLiteral(regex, glob.charAt(i++));
        }
        case '[' -> {
          int end = appendClass(regex, glob, i);
          if (end < 0) {
            return Optional.empty();
          }
          i = end;
        }
        default -> appendLiteral(regex, c);
      }
    }
    return Optional.of(Pattern.compile(regex.toString(), Pattern.DOTALL));
  }

  /** Copies a {@code [...]} class starting after its '['; returns the index after ']' or -1. */
  private static int appendClass(StringBuilder regex, String glob, int start) {
    StringBuilder cls = new StringBuilder("[");
    int i = start;
    if (i < glob.length() && glob.charAt(i) == '^') {
      cls.append('^');
      i++;
    }
    boolean empty = true;
    while (i < glob.length()) {
      char c = glob.charAt(i++);
      if (c == ']' && !empty) {
        // A class never matches the separator in Go.
        regex.append("(?!/)").append(cls).append(']');
        return i;
      }
      if (c == '\\') {
        if (i >= glob.length()) {
          return -1;
        }
        c = glob.charAt(i++);
      } else if (c == '-' && !empty && i < glob.length() && glob.charAt(i) != ']') {
        cls.append('-');
        continue;
      }
      appendClassChar(cls, c);
      empty = false;
    }
    return -1;
  }

  private static void appendClassChar(StringBuilder cls, char c) {
    if ("[]\\^-&".indexOf(c) >= 0) {
      cls.append('\\');
    }
    cls.append(c);
  }

  static void appendLiteral(StringBuilder regex, char c) {
    if (c < 128 && !Character.isLetterOrDigit(c)) {
      regex.append('\\');
    }
    regex.append(c);
  }
}
