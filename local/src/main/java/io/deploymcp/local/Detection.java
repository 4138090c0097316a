package io.deploymcp.local;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Everything autodetection found, in banner order. The children get {@link #variables()} on top
 * of the launcher's environment, and {@link #VARIABLE} naming them, so /v1/status can say which
 * settings the local stack detected and which were set by hand.
 *
 * @param took how long looking took (for the banner), when it ran
 */
record Detection(List<Finding> findings, Optional<Duration> took) {
  /** Comma-separated names of the variables the launcher detected (read by the API's status). */
  static final String VARIABLE = "DP_AUTODETECTED";

  Detection {
    findings = List.copyOf(findings);
  }

  Detection(List<Finding> findings) {
    this(findings, Optional.empty());
  }

  static Detection off() {
    return new Detection(List.of());
  }

  Map<String, String> variables() {
    Map<String, String> all = new LinkedHashMap<>();
    findings.forEach(f -> all.putAll(f.variables()));
    return all;
  }

  /** The value of {@link #VARIABLE}: sorted names, empty when nothing was detected. */
  String names() {
    return String.join(",", new TreeSet<>(variables().keySet()));
  }

  boolean detected(String variable) {
    return variables().containsKey(variable);
  }

  Optional<Finding> finding(String component) {
    return findings.stream().filter(f -> f.component().equals(component)).findFirst();
  }
}
