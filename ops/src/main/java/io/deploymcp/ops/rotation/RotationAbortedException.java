package io.deploymcp.ops.rotation;

/**
 * The rotation stopped and rolled back; the message names what (a table and column, a setting)
 * and never carries a key, a ciphertext or a plaintext.
 */
final class RotationAbortedException extends RuntimeException {
  RotationAbortedException(String message) {
    super(message);
  }
}
