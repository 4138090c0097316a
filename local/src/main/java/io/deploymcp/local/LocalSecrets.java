package io.deploymcp.local;

import io.deploymcp.store.SecretCipher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;

/**
 * The secret key and the bootstrap API key of a local stack. Taken from DP_SECRET_KEY /
 * DP_BOOTSTRAP_API_KEY when set; otherwise generated once into the data directory (mode 600)
 * and reused on every start, so encrypted env values and the key keep working after a restart.
 *
 * @param apiKeyFile where the API key is kept, empty when it came from the environment
 */
record LocalSecrets(String secretKey, String apiKey, Optional<Path> apiKeyFile) {
  static final String SECRET_KEY_FILE = "secret.key";
  static final String API_KEY_FILE = "api-key";
  private static final String KEY_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  static LocalSecrets loadOrCreate(Path dataDir, Map<String, String> env) {
    String secretKey = present(env.get("DP_SECRET_KEY"))
        .orElseGet(() -> readOrWrite(dataDir.resolve(SECRET_KEY_FILE), SecretCipher.newBase64Key()));
    try {
      SecretCipher.fromBase64(secretKey);
    } catch (IllegalArgumentException e) {
      throw new StartupException(
          e.getMessage(),
          env.containsKey("DP_SECRET_KEY")
              ? "set DP_SECRET_KEY to `head -c 32 /dev/urandom | base64`, or unset it to use a generated one"
              : "the file " + dataDir.resolve(SECRET_KEY_FILE) + " is damaged; restore it from a backup");
    }
    Optional<String> fromEnv = present(env.get("DP_BOOTSTRAP_API_KEY"));
    if (fromEnv.isPresent()) {
      return new LocalSecrets(secretKey, fromEnv.get(), Optional.empty());
    }
    Path keyFile = dataDir.resolve(API_KEY_FILE);
    return new LocalSecrets(secretKey, readOrWrite(keyFile, newApiKey()), Optional.of(keyFile));
  }

  /** {@code dpk_local_} + 32 random alphanumerics (~190 bits); the API stores only a hash. */
  static String newApiKey() {
    SecureRandom random = new SecureRandom();
    StringBuilder key = new StringBuilder("dpk_local_");
    for (int i = 0; i < 32; i++) {
      key.append(KEY_ALPHABET.charAt(random.nextInt(KEY_ALPHABET.length())));
    }
    return key.toString();
  }

  private static String readOrWrite(Path file, String fresh) {
    try {
      Files.createDirectories(file.getParent());
      try {
        // Created with mode 600 in one step, so the secret is never readable by others.
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, fresh + "\n", StandardCharsets.UTF_8);
        return fresh;
      } catch (FileAlreadyExistsException existing) {
        String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (kept.isEmpty()) {
          throw new StartupException(file + " is empty", "delete it to have a new one generated");
        }
        return kept;
      }
    } catch (IOException e) {
      throw new StartupException(
          "cannot read or write " + file + " (" + e.getMessage() + ")",
          "check the permissions of the data directory or set DP_DATA_DIR", e);
    }
  }

  private static Optional<String> present(String value) {
    return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
  }
}
