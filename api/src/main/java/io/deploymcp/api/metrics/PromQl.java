package io.deploymcp.api.metrics;

/** Quoting for label values in PromQL: nothing a caller names can change a query's shape. */
final class PromQl {
  private PromQl() {}

  /** A double-quoted PromQL string literal of {@code value}. */
  static String string(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (char c : value.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** {@code value} as an RE2 pattern that matches only itself. */
  static String quoteRegex(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
