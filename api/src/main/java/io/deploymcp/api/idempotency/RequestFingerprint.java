package io.deploymcp.api.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** What "the same request" means for an Idempotency-Key: method, path and exact body bytes. */
public final class RequestFingerprint {
  private RequestFingerprint() {}

  public static byte[] of(String method, String path, byte[] body) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(method.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
      sha.update(path.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
      sha.update(body);
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
