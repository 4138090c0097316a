import io.deploymcp.embedded.EmbeddedPostgres;
import io.deploymcp.store.Migrations;
import io.deploymcp.store.SecretCipher;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * How long bin/rotate-secret-key keeps the writers stopped: a real PostgreSQL (embedded) with
 * the store's schema and `services` services of `keys` env values each (plus a webhook secret
 * each), then ops/target/ops.jar run as the wrapper runs it, --dry-run and for real, timed from
 * process start to exit (JVM start included). Usage: bench/rotate-secret-key.sh [services] [keys].
 */
public class RotateSecretKeyBench {
  public static void main(String[] args) throws Exception {
    int services = Integer.parseInt(args[0]);
    int keys = Integer.parseInt(args[1]);
    String oldKey = SecretCipher.newBase64Key();
    SecretCipher old = SecretCipher.fromBase64(oldKey);
    try (EmbeddedPostgres pg = EmbeddedPostgres.startTemporary()) {
      Flyway.configure().dataSource(pg.jdbcUrl(), pg.user(), "").locations(Migrations.LOCATION).load().migrate();
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "")) {
        c.setAutoCommit(false);
        UUID tenant = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        c.createStatement().execute("insert into tenants (id, name) values ('" + tenant + "', 'bench')");
        c.createStatement().execute(
            "insert into projects (id, tenant_id, name) values ('" + project + "', '" + tenant + "', 'p')");
        try (PreparedStatement svc = c.prepareStatement(
                "insert into services (id, tenant_id, project_id, name, repo, branch, build_pack, port, cpu_millis,"
                    + " memory_mib, kind, webhook_secret_cipher) values (?, ?, ?, ?, 'https://example.com/r.git',"
                    + " 'main', 'railpack', 8080, 250, 256, 'web', ?)");
            PreparedStatement env = c.prepareStatement(
                "insert into env_vars (service_id, key, value_cipher) values (?, ?, ?)")) {
          for (int s = 0; s < services; s++) {
            UUID id = UUID.randomUUID();
            svc.setObject(1, id);
            svc.setObject(2, tenant);
            svc.setObject(3, project);
            svc.setString(4, "s" + s);
            svc.setBytes(5, old.encrypt("w".repeat(64), "webhook:" + id));
            svc.executeUpdate();
            for (int k = 0; k < keys; k++) {
              env.setObject(1, id);
              env.setString(2, "KEY_" + k);
              env.setBytes(3, old.encrypt("value-" + k + "-" + "x".repeat(40), id + ":KEY_" + k));
              env.addBatch();
            }
            env.executeBatch();
          }
        }
        c.commit();
      }
      String newKey = SecretCipher.newBase64Key();
      System.out.printf("%d services, %d env values, %d webhook secrets%n", services, services * keys, services);
      time(pg, oldKey, newKey, "--dry-run");
      time(pg, oldKey, newKey, null);
    }
  }

  private static void time(EmbeddedPostgres pg, String oldKey, String newKey, String flag) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", "ops/target/ops.jar");
    if (flag != null) {
      pb.command().add(flag);
    }
    pb.environment().put("DP_DATABASE_URL", pg.jdbcUrl());
    pb.environment().put("DP_DATABASE_USER", pg.user());
    pb.environment().put("DP_SECRET_KEY", oldKey);
    pb.environment().put("DP_NEW_SECRET_KEY", newKey);
    pb.inheritIO();
    long start = System.nanoTime();
    int exit = pb.start().waitFor();
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("== %s: exit %d, %d ms%n", flag == null ? "rotation" : flag, exit, ms);
  }
}
