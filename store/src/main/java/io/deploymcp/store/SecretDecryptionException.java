package io.deploymcp.store;

/** A stored secret does not decrypt: wrong DP_SECRET_KEY, or a value moved between rows. */
public final class SecretDecryptionException extends RuntimeException {
  public SecretDecryptionException(String message) {
    super(message);
  }
}
