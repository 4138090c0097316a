package io.deploymcp.api.metrics;

import io.deploymcp.api.query.GoStringLiteral;

/** Quoting for label values in PromQL: nothing a caller names can change a query's shape. */
final class PromQl {
  private PromQl() {}

  /** A double-quoted PromQL string literal of {@code value}. */
  static String string(String value) {
    return GoStringLiteral.of(value);
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
