package io.deploymcp.buildkit.build;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces the request's secret values in text that leaves the build (log lines, step errors,
 * exception messages) — a RUN step may print a secret it reads. Values shorter than
 * {@link #MIN_LENGTH} characters are not masked: masking e.g. every "a" would destroy the log
 * while hiding nothing worth hiding.
 */
final class SecretMasker {
  static final int MIN_LENGTH = 4;
  static final String MASK = "****";

  private final List<String> values;

  SecretMasker(Collection<byte[]> secrets) {
    // Longest first, so a value containing another one is masked whole.
    this.values = secrets.stream()
        .map(v -> new String(v, StandardCharsets.UTF_8).strip())
        .filter(v -> v.length() >= MIN_LENGTH)
        .distinct()
        .sorted(Comparator.comparingInt(String::length).reversed())
        .toList();
  }

  String mask(String text) {
    if (text == null || values.isEmpty()) {
      return text;
    }
    String masked = text;
    for (String value : values) {
      masked = masked.replace(value, MASK);
    }
    return masked;
  }
}
