package io.deploymcp.api.logs.loki;

import java.util.Map;
import java.util.StringJoiner;

/**
 * LogQL text built from values, each escaped as a LogQL (Go) double-quoted string, so no label
 * value or search text can end the string and add a matcher of its own (tenant isolation rests on
 * the API writing the tenant matcher itself).
 */
public final class LogQl {
  private LogQl() {}

  /** {@code {k1="v1",k2="v2"}} in the map's order. */
  public static String selector(Map<String, String> labels) {
    StringJoiner out = new StringJoiner(",", "{", "}");
    labels.forEach((k, v) -> out.add(k + "=" + quote(v)));
    return out.toString();
  }

  /** A Go string literal: backslash, quote and every control character escaped. */
  public static String quote(String value) {
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
