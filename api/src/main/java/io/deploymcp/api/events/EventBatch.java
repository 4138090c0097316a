package io.deploymcp.api.events;

import java.util.List;

/**
 * What one read of a deployment's sources found after a cursor, in order, and whether it reached
 * what was committed at the time ({@code complete}; false when a page limit cut it short).
 */
public record EventBatch(List<StreamItem> items, boolean complete) {
  public EventBatch {
    items = List.copyOf(items);
  }
}
