package io.deploymcp.api.logs.loki;

import io.deploymcp.api.query.GoStringLiteral;
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
    return GoStringLiteral.of(value);
  }
}
