package io.deploymcp.api.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What an API key may do. Scopes are ordered: {@code deploy} includes {@code read}, and
 * {@code admin} includes both (plus managing API keys).
 */
public enum Scope {
  READ,
  DEPLOY,
  ADMIN;

  /** True when a key holding this scope may perform an operation that needs {@code needed}. */
  public boolean grants(Scope needed) {
    return ordinal() >= needed.ordinal();
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Scope> fromWireName(String raw) {
    for (Scope scope : values()) {
      if (scope.wireName().equals(raw)) {
        return Optional.of(scope);
      }
    }
    return Optional.empty();
  }
}
