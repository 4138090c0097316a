package io.deploymcp.api.http;

/**
 * Whether a Content-Type is an RFC 9110 media type: {@code type "/" subtype}, then {@code ";"
 * parameters} whose values are tokens or quoted strings (empty parameters tolerated, as
 * browsers send them), with optional blanks around. A scan, not a regular expression: Java's
 * regex engine recurses once per repetition of a group, so a quoted value or a run of ';' a few
 * thousand characters long, well inside the 20 KiB a header may have, overflowed the event
 * loop's stack.
 */
final class MediaTypeSyntax {
  private static final String TOKEN_SYMBOLS = "!#$%&'*+.^_`|~-";

  private MediaTypeSyntax() {}

  static boolean matches(String value) {
    int n = value.length();
    int i = blanks(value, 0);
    int end = token(value, i);
    if (end == i || end >= n || value.charAt(end) != '/') {
      return false;
    }
    i = end + 1;
    end = token(value, i);
    if (end == i) {
      return false;
    }
    i = end;
    while (true) {
      i = blanks(value, i);
      if (i == n) {
        return true;
      }
      if (value.charAt(i) != ';') {
        return false;
      }
      i = blanks(value, i + 1);
      if (i == n || value.charAt(i) == ';') {
        continue; // an empty parameter
      }
      end = token(value, i);
      if (end == i || end >= n || value.charAt(end) != '=') {
        return false;
      }
      i = end + 1;
      end = i < n && value.charAt(i) == '"' ? quoted(value, i) : token(value, i);
      if (end <= i) {
        return false;
      }
      i = end;
    }
  }

  /** The index after the token starting at {@code from}; {@code from} itself when there is none. */
  private static int token(String value, int from) {
    int i = from;
    while (i < value.length() && isTokenChar(value.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The index after the quoted string starting at {@code from}, or -1 when it does not close. */
  private static int quoted(String value, int from) {
    int i = from + 1;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\') {
        // What the grammar this replaces accepted after a backslash: any char but a line terminator.
        if (i + 1 >= value.length() || isLineTerminator(value.charAt(i + 1))) {
          return -1;
        }
        i += 2;
      } else {
        i++;
      }
    }
    return -1;
  }

  private static int blanks(String value, int from) {
    int i = from;
    while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static boolean isTokenChar(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || TOKEN_SYMBOLS.indexOf(c) >= 0;
  }

  private static boolean isLineTerminator(char c) {
    return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }
}
