package io.deploymcp.store.logs;

import java.util.Optional;

/** The order of a page: newest line first (the default, for "what just happened") or oldest first (reading a build top-down). */
public enum LogOrder {
  NEWEST_FIRST("newest"),
  OLDEST_FIRST("oldest");

  private final String wireName;

  LogOrder(String wireName) {
    this.wireName = wireName;
  }

  /** The value of the API's {@code order} parameter. */
  public String wireName() {
    return wireName;
  }

  public static Optional<LogOrder> fromWireName(String raw) {
    for (LogOrder order : values()) {
      if (order.wireName.equals(raw)) {
        return Optional.of(order);
      }
    }
    return Optional.empty();
  }
}
