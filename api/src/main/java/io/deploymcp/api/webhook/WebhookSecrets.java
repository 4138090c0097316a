package io.deploymcp.api.webhook;

import io.deploymcp.api.env.EnvCipher;
import io.deploymcp.store.SecretDecryptionException;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Per-service webhook secrets: generated here, stored AES-GCM encrypted under DP_SECRET_KEY and
 * bound to the service ({@code webhook:<service_id>}; env values are bound to
 * {@code <service_id>:<KEY>}, so the two can never be swapped). Unlike env values, the API
 * itself needs them back, to verify signatures.
 */
@Singleton
public class WebhookSecrets {
  private static final Logger LOG = Logger.getLogger(WebhookSecrets.class);

  private final EnvCipher cipher;
  private final SecureRandom random = new SecureRandom();

  public WebhookSecrets(EnvCipher cipher) {
    this.cipher = cipher;
  }

  static String associatedData(UUID serviceId) {
    return "webhook:" + serviceId;
  }

  /** 32 random bytes as 64 hex characters: any git host accepts it as a webhook secret. */
  String generate() {
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    return HexFormat.of().formatHex(raw);
  }

  byte[] seal(UUID serviceId, String secret) {
    return cipher.seal(secret, associatedData(serviceId));
  }

  /** The service's secret; empty when none is set or it does not decrypt (logged, never shown). */
  Optional<String> open(WebhookTarget target) {
    if (target.secretCipher() == null || !cipher.configured()) {
      return Optional.empty();
    }
    try {
      return Optional.of(cipher.open(target.secretCipher(), associatedData(target.serviceId())));
    } catch (SecretDecryptionException e) {
      LOG.warnf("webhook secret of service %s does not decrypt under DP_SECRET_KEY; set a new one", target.serviceId());
      return Optional.empty();
    }
  }
}
