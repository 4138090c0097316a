package io.deploymcp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.store.SecretCipher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSecretsTest {
  @TempDir Path data;

  @Test
  void generatesKeysIntoOwnerOnlyFiles() throws IOException {
    LocalSecrets secrets = LocalSecrets.loadOrCreate(data, Map.of());

    Path secretFile = data.resolve("secret.key");
    Path apiKeyFile = data.resolve("api-key");
    assertThat(Files.readString(secretFile).strip()).isEqualTo(secrets.secretKey());
    assertThat(Files.readString(apiKeyFile).strip()).isEqualTo(secrets.apiKey());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(apiKeyFile))).isEqualTo("rw-------");
    assertThat(secrets.apiKey()).matches("dpk_local_[A-Za-z0-9]{32}");
    assertThat(secrets.apiKeyFile()).contains(apiKeyFile);
    // A usable AES-256 key: encrypts and decrypts.
    SecretCipher cipher = SecretCipher.fromBase64(secrets.secretKey());
    assertThat(cipher.decrypt(cipher.encrypt("v", "aad"), "aad")).isEqualTo("v");
  }

  @Test
  void reusesKeysOnTheNextStart() {
    LocalSecrets first = LocalSecrets.loadOrCreate(data, Map.of());
    LocalSecrets second = LocalSecrets.loadOrCreate(data, Map.of());

    assertThat(second).isEqualTo(first);
  }

  @Test
  void environmentWinsAndWritesNoFiles() {
    String key = SecretCipher.newBase64Key();
    LocalSecrets secrets = LocalSecrets.loadOrCreate(data, Map.of("DP_SECRET_KEY", key, "DP_BOOTSTRAP_API_KEY", "dpk_mine"));

    assertThat(secrets.secretKey()).isEqualTo(key);
    assertThat(secrets.apiKey()).isEqualTo("dpk_mine");
    assertThat(secrets.apiKeyFile()).isEmpty();
    assertThat(data.resolve("secret.key")).doesNotExist();
    assertThat(data.resolve("api-key")).doesNotExist();
  }

  @Test
  void refusesASecretKeyThatIsNotBase64Of32Bytes() {
    assertThatThrownBy(() -> LocalSecrets.loadOrCreate(data, Map.of("DP_SECRET_KEY", "short")))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("DP_SECRET_KEY")
        .satisfies(e -> assertThat(((StartupException) e).hint()).contains("base64"));
  }

  @Test
  void refusesAnEmptyKeyFileInsteadOfUsingAnEmptyKey() throws IOException {
    Files.writeString(data.resolve("api-key"), "\n");

    assertThatThrownBy(() -> LocalSecrets.loadOrCreate(data, Map.of()))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("api-key is empty");
  }
}
