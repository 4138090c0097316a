package io.deploymcp.store.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A line's severity, where its text tells it. Only the text counts, never the stream: compilers,
 * package managers and BuildKit itself write progress to stderr, so "stderr" is no error. A line
 * has a level when it holds a level token in one of three common forms: a key
 * ({@code level=warn}, {@code lvl=info}, {@code "level":"error"}, {@code severity: debug}, any
 * case), a bracketed word ({@code [ERROR]}, {@code [warn]}) or an upper-case word
 * ({@code ERROR}, {@code WARNING}, {@code npm ERR!}). When several are present the most severe
 * counts; lines without any have no level and a level filter leaves them out.
 *
 * <p>{@link #atLeastPattern()} is written in the common subset of Java regular expressions and
 * RE2 (Loki's LogQL {@code |~}), so the same lines match in PostgreSQL (where the classified level
 * is stored), in the pod log path and in Loki.
 */
public enum LogLevel {
  ERROR(List.of("error", "err", "fatal", "panic", "critical")),
  WARN(List.of("warn", "warning")),
  INFO(List.of("info", "notice")),
  DEBUG(List.of("debug", "trace"));

  private final List<String> tokens;

  LogLevel(List<String> tokens) {
    this.tokens = tokens;
  }

  /** The name in the {@code level} parameter and the {@code deployment_logs.level} column. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<LogLevel> fromWireName(String raw) {
    for (LogLevel level : values()) {
      if (level.wireName().equals(raw)) {
        return Optional.of(level);
      }
    }
    return Optional.empty();
  }

  /** This level and the more severe ones, most severe first. */
  public List<LogLevel> andMoreSevere() {
    return List.of(values()).subList(0, ordinal() + 1);
  }

  /** A regular expression (Java and RE2) that finds a token of this level or a more severe one. */
  public String atLeastPattern() {
    return pattern(andMoreSevere());
  }

  /** The most severe level a line's text names, if any. */
  public static Optional<LogLevel> of(String line) {
    if (line == null || line.isEmpty()) {
      return Optional.empty();
    }
    for (LogLevel level : values()) {
      if (Compiled.EXACT[level.ordinal()].matcher(line).find()) {
        return Optional.of(level);
      }
    }
    return Optional.empty();
  }

  private static String pattern(List<LogLevel> levels) {
    List<String> lower = new ArrayList<>();
    levels.forEach(l -> lower.addAll(l.tokens));
    String any = String.join("|", lower);
    String upper = any.toUpperCase(Locale.ROOT);
    return "(?i:\\b(?:level|lvl|severity)\"?\\s*[=:]\\s*\"?(?:" + any + ")\\b)"
        + "|(?i:\\[(?:" + any + ")\\])"
        + "|\\b(?:" + upper + ")\\b";
  }

  /** One pattern per level (its own tokens only), compiled once. */
  private static final class Compiled {
    static final Pattern[] EXACT = new Pattern[values().length];

    static {
      for (LogLevel level : values()) {
        EXACT[level.ordinal()] = Pattern.compile(pattern(List.of(level)));
      }
    }
  }
}
