package io.deploymcp.kubestandin.apiserver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The query parameters of a request path (last value wins, as the API server's decoding). */
record QueryString(Map<String, String> values) {

  static QueryString of(String pathAndQuery) {
    Map<String, String> values = new LinkedHashMap<>();
    int q = pathAndQuery.indexOf('?');
    if (q >= 0) {
      for (String pair : pathAndQuery.substring(q + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        values.put(key, value);
      }
    }
    return new QueryString(values);
  }

  static String pathOnly(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
  }

  Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  boolean isTrue(String key) {
    return "true".equalsIgnoreCase(values.get(key));
  }
}
