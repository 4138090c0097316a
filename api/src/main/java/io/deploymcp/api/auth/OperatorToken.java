package io.deploymcp.api.auth;

import io.deploymcp.api.config.ApiConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * DP_OPERATOR_TOKEN, kept only as its SHA-256: a presented token is hashed and compared with
 * {@link MessageDigest#isEqual} (constant time over equal-length digests, so neither the content
 * nor the length leaks through timing). A token that is too short, or that equals the bootstrap
 * API key (which would then open tenant endpoints too), is treated as not configured, with the
 * reason logged once at start; the value is never logged.
 */
@Singleton
public class OperatorToken {
  static final int MIN_LENGTH = 32;
  private static final Logger LOG = Logger.getLogger(OperatorToken.class);

  private final byte[] hash;
  private final String notConfiguredBecause;

  @Inject
  public OperatorToken(ApiConfig config) {
    this(config.operatorToken(), config.bootstrapApiKey());
  }

  OperatorToken(Optional<String> configured, Optional<String> bootstrapApiKey) {
    String token = configured.map(String::trim).orElse("");
    String why = null;
    if (token.isEmpty()) {
      why = "DP_OPERATOR_TOKEN is not set";
    } else if (token.length() < MIN_LENGTH) {
      why = "DP_OPERATOR_TOKEN is shorter than " + MIN_LENGTH + " characters";
    } else if (bootstrapApiKey.map(String::trim).filter(token::equals).isPresent()) {
      why = "DP_OPERATOR_TOKEN equals DP_BOOTSTRAP_API_KEY; the operator token must be a credential of its own";
    }
    if (why != null && !token.isEmpty()) {
      LOG.errorf("%s: the operator endpoints answer 503 until it is fixed", why);
    }
    this.hash = why == null ? sha256(token) : null;
    this.notConfiguredBecause = why;
  }

  /** Why the operator endpoints are closed; empty when a usable token is configured. */
  public Optional<String> notConfiguredBecause() {
    return Optional.ofNullable(notConfiguredBecause);
  }

  /** Whether {@code presented} is the operator token; false whenever none is configured. */
  public boolean matches(String presented) {
    return hash != null && presented != null && MessageDigest.isEqual(hash, sha256(presented));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
