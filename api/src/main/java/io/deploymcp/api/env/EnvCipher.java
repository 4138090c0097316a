package io.deploymcp.api.env;

import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.store.SecretCipher;
import jakarta.inject.Singleton;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Encrypts env values under DP_SECRET_KEY, bound to {@code <service_id>:<KEY>} so a value moved
 * to another row does not decrypt. The API only encrypts; the worker decrypts inside its
 * activities. Without a (valid) key, env values are refused with 503 SECRETS_NOT_CONFIGURED.
 */
@Singleton
public class EnvCipher {
  private static final Logger LOG = Logger.getLogger(EnvCipher.class);

  private final SecretCipher cipher;
  private final String problem;

  public EnvCipher(ApiConfig config) {
    SecretCipher parsed = null;
    String why = "DP_SECRET_KEY is not set";
    if (config.secretKey().isPresent()) {
      try {
        parsed = SecretCipher.fromBase64(config.secretKey().get());
        why = null;
      } catch (IllegalArgumentException e) {
        why = e.getMessage(); // says what is wrong with the key, never the key
        LOG.errorf("%s: env values cannot be stored until it is fixed", why);
      }
    }
    this.cipher = parsed;
    this.problem = why;
  }

  public static String associatedData(UUID serviceId, String key) {
    return serviceId + ":" + key;
  }

  public byte[] encrypt(UUID serviceId, String key, String value) {
    return seal(value, associatedData(serviceId, key));
  }

  /** Encrypts another per-row secret (e.g. a webhook secret) under its own associated data. */
  public byte[] seal(String value, String associatedData) {
    requireConfigured();
    return cipher.encrypt(value, associatedData);
  }

  /**
   * Decrypts what {@link #seal} wrote, for the few secrets the API itself needs back (webhook
   * secrets); throws {@link io.deploymcp.store.SecretDecryptionException} on a foreign value.
   */
  public String open(byte[] sealed, String associatedData) {
    requireConfigured();
    return cipher.decrypt(sealed, associatedData);
  }

  public boolean configured() {
    return cipher != null;
  }

  /** Fails early, before anything is written, when values would have to be encrypted. */
  public void requireConfigured() {
    if (cipher == null) {
      throw new ApiProblem(
          ProblemCode.SECRETS_NOT_CONFIGURED,
          "Env values cannot be stored: " + problem,
          "The operator sets DP_SECRET_KEY to base64 of 32 random bytes (openssl rand -base64 32)"
              + " and restarts the API and worker.");
    }
  }
}
