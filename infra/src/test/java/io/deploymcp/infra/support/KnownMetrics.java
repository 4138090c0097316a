package io.deploymcp.infra.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * infra/monitoring/known-metrics.txt: the platform's metric names (the issue 14 contract) and the
 * standard exporters' prefixes, each under the section that provides it.
 */
public record KnownMetrics(List<Entry> entries) {
  /** A name, or a prefix when it ends with {@code *}, and the section that lists it. */
  public record Entry(String pattern, String source) {
    boolean matches(String metric) {
      return pattern.endsWith("*") ? metric.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(metric);
    }
  }

  public static Path file() {
    return InfraPaths.infra().resolve("monitoring/known-metrics.txt");
  }

  public static KnownMetrics load() {
    List<Entry> entries = new ArrayList<>();
    String section = null;
    for (String raw : InfraPaths.read(file()).lines().toList()) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1);
      } else if (section == null) {
        throw new IllegalStateException(file() + ": " + line + " is before any [section]");
      } else if (!line.matches("[a-zA-Z_:][a-zA-Z0-9_:]*\\*?")) {
        throw new IllegalStateException(file() + ": not a metric name or prefix: " + line);
      } else {
        entries.add(new Entry(line, section));
      }
    }
    return new KnownMetrics(List.copyOf(entries));
  }

  /** The section that provides {@code metric}, or empty when nothing does. */
  public Optional<String> source(String metric) {
    return entries.stream().filter(e -> e.matches(metric)).map(Entry::source).findFirst();
  }
}
