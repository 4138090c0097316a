package io.deploymcp.registry;

import java.util.Objects;

/**
 * Registry credentials (a user and a password or access token). {@link #toString()} never shows
 * the password, so the record can be logged or end up in an exception by mistake without harm.
 */
public record RegistryAuth(String username, String password) {

  public RegistryAuth {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (username.isBlank()) {
      throw new IllegalArgumentException("registry username is blank");
    }
  }

  @Override
  public String toString() {
    return "RegistryAuth[username=" + username + ", password=***]";
  }
}
