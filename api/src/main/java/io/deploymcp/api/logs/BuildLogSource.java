package io.deploymcp.api.logs;

import io.deploymcp.store.logs.LogFilter;
import io.deploymcp.store.logs.LogPage;

/**
 * Where the API reads build logs: the PostgreSQL log store (the default) or Loki (LOKI_URL).
 * Cursors belong to the source; a foreign one throws
 * {@link io.deploymcp.store.logs.InvalidLogCursorException}.
 */
public interface BuildLogSource {
  /** {@code postgres} or {@code loki}, as /v1/status names it. */
  String backend();

  LogPage read(BuildLogTarget target, LogFilter filter, String cursor, int limit);
}
