package io.deploymcp.worker.env;

import io.deploymcp.store.SecretCipher;
import io.deploymcp.store.SecretDecryptionException;
import io.deploymcp.worker.config.SecretKeyHolder;
import io.deploymcp.worker.failure.ActivityFailures;
import io.deploymcp.worker.failure.WorkerFailureCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads a service's environment variables and decrypts them with DP_SECRET_KEY. */
@Component
public class ServiceEnv {
  private final JdbcClient db;
  private final SecretKeyHolder secretKey;

  public ServiceEnv(JdbcClient db, SecretKeyHolder secretKey) {
    this.db = db;
    this.secretKey = secretKey;
  }

  private record Row(String key, byte[] cipher, boolean secret) {}

  /** Sorted by key; fails the activity permanently when a value cannot be decrypted. */
  public List<EnvValue> load(UUID serviceId) {
    List<Row> rows =
        db.sql("select key, value_cipher, secret from env_vars where service_id = :s order by key")
            .param("s", serviceId)
            .query((rs, n) -> new Row(rs.getString("key"), rs.getBytes("value_cipher"), rs.getBoolean("secret")))
            .list();
    if (rows.isEmpty()) {
      return List.of();
    }
    SecretCipher cipher =
        secretKey
            .cipher()
            .orElseThrow(
                () ->
                    ActivityFailures.permanent(
                        WorkerFailureCodes.SECRET_KEY_MISSING,
                        "the service has environment variables but the worker cannot decrypt them: "
                            + secretKey.problem().orElse("no key"),
                        "Give the worker the same DP_SECRET_KEY as the API and deploy again."));
    List<EnvValue> values = new ArrayList<>();
    for (Row row : rows) {
      try {
        values.add(new EnvValue(row.key(), cipher.decrypt(row.cipher(), serviceId + ":" + row.key()), row.secret()));
      } catch (SecretDecryptionException e) {
        throw ActivityFailures.permanent(
            WorkerFailureCodes.SECRET_KEY_MISSING,
            "the value of " + row.key() + " does not decrypt under the worker's DP_SECRET_KEY",
            "Give the worker the same DP_SECRET_KEY as the API, or set the variable again.");
      }
    }
    return values;
  }
}
