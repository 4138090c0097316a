package io.deploymcp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
  private final SecretCipher cipher = SecretCipher.fromBase64(SecretCipher.newBase64Key());

  @Test
  void roundTripsAValue() {
    byte[] sealed = cipher.encrypt("s3cr3t-value", "svc:KEY");
    assertThat(cipher.decrypt(sealed, "svc:KEY")).isEqualTo("s3cr3t-value");
  }

  @Test
  void ciphertextDoesNotContainThePlaintext() {
    byte[] sealed = cipher.encrypt("plain-marker-123", "svc:KEY");
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("plain-marker-123");
  }

  @Test
  void sameValueEncryptsDifferentlyEachTime() {
    assertThat(cipher.encrypt("v", "a")).isNotEqualTo(cipher.encrypt("v", "a"));
  }

  @Test
  void refusesValueMovedToAnotherRow() {
    byte[] sealed = cipher.encrypt("v", "service-a:KEY");
    assertThatThrownBy(() -> cipher.decrypt(sealed, "service-b:KEY"))
        .isInstanceOf(SecretDecryptionException.class);
  }

  @Test
  void refusesOtherKey() {
    byte[] sealed = cipher.encrypt("v", "a");
    SecretCipher other = SecretCipher.fromBase64(SecretCipher.newBase64Key());
    assertThatThrownBy(() -> other.decrypt(sealed, "a")).isInstanceOf(SecretDecryptionException.class);
  }

  @Test
  void rejectsShortKey() {
    assertThatThrownBy(() -> SecretCipher.fromBase64("c2hvcnQ="))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }
}
