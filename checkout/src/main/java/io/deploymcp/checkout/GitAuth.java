package io.deploymcp.checkout;

import java.util.Objects;

/**
 * Credentials for one git host, sent as HTTP Basic auth: a stored username and token, or
 * {@code x-access-token} and a GitHub App installation token.
 */
public record GitAuth(String username, String token) {
  public GitAuth {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(token, "token");
    if (token.isEmpty()) {
      throw new IllegalArgumentException("the git token is empty");
    }
  }

  @Override
  public String toString() {
    // Keeps the token out of any log line or exception that prints the record.
    return "GitAuth[username=" + username + ", token=" + SecretRedactor.MASK + "]";
  }
}
