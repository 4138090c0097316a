package io.deploymcp.buildkit.build;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Replaces the request's secret values in text that leaves the build (log lines, step errors,
 * exception messages) — a RUN step may print a secret it reads. Values shorter than
 * {@link #MIN_LENGTH} characters are not masked: masking e.g. every "a" would destroy the log
 * while hiding nothing worth hiding. A multi-line value (a key file) is masked line by line as well.
 */
final class SecretMasker {
  static final int MIN_LENGTH = 4;
  static final String MASK = "****";

  private final List<String> values;

  SecretMasker(Collection<byte[]> secrets) {
    // Longest first, so a value containing another one is masked whole. Each line of a
    // multi-line value too: the log is masked line by line, so the whole value never matches.
    this.values = secrets.stream()
        .map(v -> new String(v, StandardCharsets.UTF_8))
        .flatMap(v -> Stream.concat(Stream.of(v), Arrays.stream(v.split("\r?\n"))))
        .map(String::strip)
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
