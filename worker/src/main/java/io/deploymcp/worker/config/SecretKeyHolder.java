package io.deploymcp.worker.config;

import io.deploymcp.store.SecretCipher;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The cipher for values the API encrypted (git tokens, env values), from {@code DP_SECRET_KEY}.
 * A missing or malformed key does not stop the worker: only deploys that need a stored secret
 * fail, with a hint naming the variable.
 */
@Component
public class SecretKeyHolder {
  private final SecretCipher cipher;
  private final String problem;

  public SecretKeyHolder(@Value("${dp.secret-key:}") String base64Key) {
    SecretCipher parsed = null;
    String why = null;
    if (base64Key == null || base64Key.isBlank()) {
      why = "DP_SECRET_KEY is not set";
    } else {
      try {
        parsed = SecretCipher.fromBase64(base64Key);
      } catch (IllegalArgumentException e) {
        // The message names the variable, never its value.
        why = e.getMessage();
      }
    }
    this.cipher = parsed;
    this.problem = why;
  }

  public Optional<SecretCipher> cipher() {
    return Optional.ofNullable(cipher);
  }

  /** Why there is no cipher, for hints and the startup report; empty when there is one. */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
  }
}
