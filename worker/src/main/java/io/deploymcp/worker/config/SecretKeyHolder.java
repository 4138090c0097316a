package io.deploymcp.worker.config;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
  private final byte[] fingerprintKey;

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
    this.fingerprintKey = parsed == null ? null : sha256(("fingerprint:" + base64Key.strip()).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A keyed digest of a secret value (HMAC-SHA256 under a key derived from DP_SECRET_KEY), so
   * a changed secret can be noticed without the value, or a plain hash of it, leaving the worker.
   */
  public Optional<String> fingerprint(String value) {
    if (fingerprintKey == null) {
      return Optional.empty();
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(fingerprintKey, "HmacSHA256"));
      return Optional.of(HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8))));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  public Optional<SecretCipher> cipher() {
    return Optional.ofNullable(cipher);
  }

  /** Why there is no cipher, for hints and the startup report; empty when there is one. */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
  }
}
