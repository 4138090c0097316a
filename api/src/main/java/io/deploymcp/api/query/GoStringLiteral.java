package io.deploymcp.api.query;

/**
 * A double-quoted Go string literal: the syntax of label values and line filters in both PromQL
 * and LogQL. Backslash, quote and every control character are escaped, so nothing a caller names
 * (a service, a search text) can end the literal and change a query's shape.
 */
public final class GoStringLiteral {
  private GoStringLiteral() {}

  public static String of(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
