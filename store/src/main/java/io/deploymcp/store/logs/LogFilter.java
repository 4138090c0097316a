package io.deploymcp.store.logs;

import java.time.Instant;
import java.util.Objects;

/**
 * Which lines of a scope a read returns, and in which order. Every part is optional (null):
 * {@code since} inclusive and {@code until} exclusive bound the line's time; {@code contains} is a
 * case-sensitive substring of the (masked) line; {@code level} keeps lines of that level or a more
 * severe one (see {@link LogLevel} for which lines have a level). Callers check the values (the
 * API answers bad ones with a problem); this record only refuses what no store can answer.
 */
public record LogFilter(Instant since, Instant until, String contains, LogLevel level, LogOrder order) {
  public static final int MAX_CONTAINS_LENGTH = 256;

  public LogFilter {
    Objects.requireNonNull(order, "order");
    if (since != null && until != null && !since.isBefore(until)) {
      throw new IllegalArgumentException("since must be before until");
    }
    if (contains != null && (contains.isEmpty() || contains.length() > MAX_CONTAINS_LENGTH)) {
      throw new IllegalArgumentException("contains must be 1-" + MAX_CONTAINS_LENGTH + " characters");
    }
  }

  /** Every line, newest first. */
  public static LogFilter none() {
    return new LogFilter(null, null, null, null, LogOrder.NEWEST_FIRST);
  }

  /** Whether a line passes the time, substring and level parts (for readers that filter while reading). */
  public boolean accepts(Instant at, String line) {
    if (since != null && at != null && at.isBefore(since)) {
      return false;
    }
    if (until != null && at != null && !at.isBefore(until)) {
      return false;
    }
    if (contains != null && !line.contains(contains)) {
      return false;
    }
    return level == null || LogLevel.of(line).map(l -> l.compareTo(level) <= 0).orElse(false);
  }
}
