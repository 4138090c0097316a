package io.deploymcp.api.env;

import io.deploymcp.api.db.Database;
import io.deploymcp.api.validation.EnvKey;
import io.deploymcp.api.validation.EnvVars;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** env_vars rows; values are written only as ciphertext. */
@Singleton
public class EnvRepository {
  private final Database db;
  private final EnvCipher cipher;

  public EnvRepository(Database db, EnvCipher cipher) {
    this.db = db;
    this.cipher = cipher;
  }

  public void insertAll(Connection c, UUID serviceId, EnvVars env) throws SQLException {
    if (env.size() == 0) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement("insert into env_vars (service_id, key, value_cipher, secret) values (?, ?, ?, ?)")) {
      for (Map.Entry<EnvKey, String> e : env.values().entrySet()) {
        ps.setObject(1, serviceId);
        ps.setString(2, e.getKey().value());
        ps.setBytes(3, cipher.encrypt(serviceId, e.getKey().value(), e.getValue()));
        ps.setBoolean(4, env.isSecret(e.getKey()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Sets one variable. Returns false, changing nothing, when it is new and the service
   * already has {@code maxVariables}. The count and the write share one transaction that
   * locks the service row, so concurrent PUTs cannot overshoot the limit. {@code secret} null
   * keeps the flag of an existing variable and makes a new one secret.
   */
  public boolean put(UUID serviceId, EnvKey key, String value, Boolean secret, int maxVariables) {
    byte[] sealed = cipher.encrypt(serviceId, key.value(), value);
    return db.transaction(
        c -> {
          try (PreparedStatement lock = c.prepareStatement("select 1 from services where id = ? for update")) {
            lock.setObject(1, serviceId);
            lock.executeQuery().close();
          }
          try (PreparedStatement count =
              c.prepareStatement(
                  "select count(*) filter (where key <> ?) from env_vars where service_id = ?")) {
            count.setString(1, key.value());
            count.setObject(2, serviceId);
            try (ResultSet rs = count.executeQuery()) {
              rs.next();
              if (rs.getInt(1) >= maxVariables) {
                return false;
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "insert into env_vars (service_id, key, value_cipher, secret) values (?, ?, ?, coalesce(?, true))"
                      + " on conflict (service_id, key) do update"
                      + " set value_cipher = excluded.value_cipher, secret = coalesce(?, env_vars.secret), updated_at = now()")) {
            ps.setObject(1, serviceId);
            ps.setString(2, key.value());
            ps.setBytes(3, sealed);
            ps.setObject(4, secret, java.sql.Types.BOOLEAN);
            ps.setObject(5, secret, java.sql.Types.BOOLEAN);
            ps.executeUpdate();
          }
          return true;
        });
  }

  public boolean delete(UUID serviceId, EnvKey key) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("delete from env_vars where service_id = ? and key = ?")) {
            ps.setObject(1, serviceId);
            ps.setString(2, key.value());
            return ps.executeUpdate() == 1;
          }
        });
  }

  public void deleteAll(Connection c, UUID serviceId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("delete from env_vars where service_id = ?")) {
      ps.setObject(1, serviceId);
      ps.executeUpdate();
    }
  }

  public List<EnvVarView> list(UUID serviceId) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("select key, secret, updated_at from env_vars where service_id = ? order by key")) {
            ps.setObject(1, serviceId);
            List<EnvVarView> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new EnvVarView(
                        rs.getString("key"), rs.getBoolean("secret"), rs.getTimestamp("updated_at").toInstant()));
              }
            }
            return out;
          }
        });
  }

  public EnvVarView find(UUID serviceId, EnvKey key) {
    return list(serviceId).stream().filter(v -> v.key().equals(key.value())).findFirst().orElse(null);
  }
}
