package io.deploymcp.store.logs;

import java.util.Objects;

/**
 * One page of lines. {@code cursor} is null for the first page, else the
 * {@link LogPage#nextCursor()} of the previous page, passed back unchanged with the same filter
 * order: its format belongs to the store, so callers never build one.
 */
public record LogQuery(LogScope scope, LogType type, LogFilter filter, String cursor, int limit) {
  public LogQuery {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(filter, "filter");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
  }

  /** Every line, newest first. */
  public LogQuery(LogScope scope, LogType type, String cursor, int limit) {
    this(scope, type, LogFilter.none(), cursor, limit);
  }

  public static LogQuery firstPage(LogScope scope, LogType type, int limit) {
    return new LogQuery(scope, type, null, limit);
  }

  public LogQuery next(String nextCursor) {
    return new LogQuery(scope, type, filter, nextCursor, limit);
  }
}
