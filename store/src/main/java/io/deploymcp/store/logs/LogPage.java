package io.deploymcp.store.logs;

import java.util.List;

/** Lines newest first; {@code nextCursor} reads the older lines and is null on the last page. */
public record LogPage(List<LogEntry> entries, String nextCursor) {
  public LogPage {
    entries = List.copyOf(entries);
  }
}
