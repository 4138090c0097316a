package io.deploymcp.store.logs;

import java.util.Objects;

/**
 * One page of lines, newest first. {@code cursor} is null for the first page, else the
 * {@link LogPage#nextCursor()} of the previous page, passed back unchanged: its format belongs
 * to the store (a later Loki-backed store pages by time), so callers never build one.
 */
public record LogQuery(LogScope scope, LogType type, String cursor, int limit) {
  public LogQuery {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(type, "type");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
  }

  public static LogQuery firstPage(LogScope scope, LogType type, int limit) {
    return new LogQuery(scope, type, null, limit);
  }

  public LogQuery next(String nextCursor) {
    return new LogQuery(scope, type, nextCursor, limit);
  }
}
