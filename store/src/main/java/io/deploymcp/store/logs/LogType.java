package io.deploymcp.store.logs;

import java.util.Locale;
import java.util.Optional;

/** Which log a line belongs to: the build of a deployment, or the running service. */
public enum LogType {
  BUILD,
  RUNTIME;

  /** The name in the {@code deployment_logs.type} column and in the API's {@code type} parameter. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<LogType> fromWireName(String raw) {
    for (LogType type : values()) {
      if (type.wireName().equals(raw)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
