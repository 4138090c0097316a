package io.deploymcp.infra.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names dashboards and alert rules may use: the platform's own, read from the tables of
 * docs/metrics.md's API and Worker sections (the one list of what the code exports, so the two
 * cannot drift), and the standard exporters' prefixes of infra/monitoring/known-metrics.txt, each
 * under the section that provides it.
 */
public record KnownMetrics(List<Entry> entries) {
  private static final Pattern CODE = Pattern.compile("`([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\*|(?:/_[a-z]+)*))`");

  /** A name, or a prefix when it ends with {@code *}, and the section that lists it. */
  public record Entry(String pattern, String source) {
    boolean matches(String metric) {
      return pattern.endsWith("*") ? metric.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(metric);
    }
  }

  public static Path file() {
    return InfraPaths.infra().resolve("monitoring/known-metrics.txt");
  }

  public static Path metricsDoc() {
    return InfraPaths.repository().resolve("docs/metrics.md");
  }

  public static KnownMetrics load() {
    List<Entry> entries = new ArrayList<>(platform());
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

  /**
   * The first cell of every table row under docs/metrics.md's "## API" and "## Worker" headings:
   * {@code `name`}, {@code `prefix_*`}, or {@code `name_bucket/_sum/_count`} (the suffixes replace
   * the first name's last one).
   */
  static List<Entry> platform() {
    List<Entry> entries = new ArrayList<>();
    boolean inSection = false;
    for (String line : InfraPaths.read(metricsDoc()).lines().toList()) {
      if (line.startsWith("## ")) {
        inSection = line.startsWith("## API") || line.startsWith("## Worker");
      } else if (inSection && line.startsWith("| `")) {
        String cell = line.substring(1, line.indexOf('|', 1));
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
          String[] parts = m.group(1).split("/");
          entries.add(new Entry(parts[0], "platform"));
          String stem = parts[0].substring(0, parts[0].lastIndexOf('_'));
          for (int i = 1; i < parts.length; i++) {
            entries.add(new Entry(stem + parts[i], "platform"));
          }
        }
      }
    }
    if (entries.size() < 10) {
      throw new IllegalStateException(metricsDoc() + ": expected the API and Worker tables, found " + entries);
    }
    return entries;
  }

  /** The section that provides {@code metric}, or empty when nothing does. */
  public Optional<String> source(String metric) {
    return entries.stream().filter(e -> e.matches(metric)).map(Entry::source).findFirst();
  }
}
