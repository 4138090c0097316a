package io.deploymcp.worker.checkout;

import io.deploymcp.store.SecretCipher;
import io.deploymcp.store.SecretDecryptionException;
import io.deploymcp.worker.config.SecretKeyHolder;
import io.deploymcp.worker.failure.ActivityFailures;
import io.deploymcp.workflows.FailureCodes;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads a tenant's token for a git host from {@code git_credentials} and decrypts it with
 * {@code DP_SECRET_KEY}; the associated data {@code <tenant_id>:<host>} ties the ciphertext
 * to its row.
 */
@Component
public class GitCredentialStore {
  private record Row(String username, byte[] tokenCipher) {}

  private final JdbcClient db;
  private final SecretKeyHolder secretKey;

  public GitCredentialStore(JdbcClient db, SecretKeyHolder secretKey) {
    this.db = db;
    this.secretKey = secretKey;
  }

  public Optional<GitCredential> find(UUID tenantId, String host) {
    Optional<Row> row =
        db.sql("select username, token_cipher from git_credentials where tenant_id = :t and host = :h")
            .param("t", tenantId)
            .param("h", host)
            .query((rs, n) -> new Row(rs.getString("username"), rs.getBytes("token_cipher")))
            .optional();
    if (row.isEmpty()) {
      return Optional.empty();
    }
    SecretCipher cipher =
        secretKey
            .cipher()
            .orElseThrow(
                () ->
                    ActivityFailures.permanent(
                        FailureCodes.REPO_AUTH_FAILED,
                        "a git token is stored for " + host + " but the worker cannot decrypt it: "
                            + secretKey.problem().orElse("no key"),
                        "Give the worker the same DP_SECRET_KEY as the API and deploy again."));
    try {
      String token = cipher.decrypt(row.get().tokenCipher(), tenantId + ":" + host);
      return Optional.of(new GitCredential(row.get().username(), token));
    } catch (SecretDecryptionException e) {
      throw ActivityFailures.permanent(
          FailureCodes.REPO_AUTH_FAILED,
          "the git token stored for " + host + " does not decrypt under the worker's DP_SECRET_KEY",
          "Give the worker the same DP_SECRET_KEY as the API, or store the token again.");
    }
  }
}
