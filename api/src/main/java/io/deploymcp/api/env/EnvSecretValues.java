package io.deploymcp.api.env;

import io.deploymcp.api.db.Database;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The decrypted values of a service's secret env variables, for masking them in what the API
 * shows (runtime logs are masked when read, since the cluster keeps them unmasked). Used only
 * in memory and never returned or logged.
 */
@Singleton
public class EnvSecretValues {
  private final Database db;
  private final EnvCipher cipher;

  public EnvSecretValues(Database db, EnvCipher cipher) {
    this.db = db;
    this.cipher = cipher;
  }

  /**
   * The secret values of {@code serviceId}.
   *
   * @throws ApiProblem SECRETS_NOT_CONFIGURED when there are secret values but no key to open
   *     them, so nothing could be masked
   */
  public List<String> of(UUID serviceId) {
    record Sealed(String key, byte[] value) {}
    List<Sealed> sealed = db.read(c -> {
      try (PreparedStatement ps =
          c.prepareStatement("select key, value_cipher from env_vars where service_id = ? and secret")) {
        ps.setObject(1, serviceId);
        List<Sealed> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Sealed(rs.getString("key"), rs.getBytes("value_cipher")));
          }
        }
        return out;
      }
    });
    if (sealed.isEmpty()) {
      return List.of();
    }
    if (!cipher.configured()) {
      throw new ApiProblem(
          ProblemCode.SECRETS_NOT_CONFIGURED,
          "Runtime logs cannot be shown: the service's secret env values cannot be opened to mask them",
          "The operator sets DP_SECRET_KEY (the key the values were stored with) and restarts the API.");
    }
    List<String> values = new ArrayList<>(sealed.size());
    for (Sealed s : sealed) {
      values.add(cipher.open(s.value(), EnvCipher.associatedData(serviceId, s.key())));
    }
    return values;
  }
}
