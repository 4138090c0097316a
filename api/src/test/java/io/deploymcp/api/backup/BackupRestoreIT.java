package io.deploymcp.api.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deploymcp.api.support.ApiProcess;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.WorkerStandIn;
import io.deploymcp.embedded.EmbeddedPostgres;
import io.deploymcp.embedded.EmbeddedTemporal;
import io.deploymcp.store.SecretCipher;
import io.deploymcp.store.SecretDecryptionException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The restore procedure of docs/operations.md ("Backups"), end to end: the packaged API fills a
 * PostgreSQL with services, env values and deployments (two of them finished by {@link
 * WorkerStandIn} as the worker would: one running and live, one failed); {@code pg_dump -Fc}
 * dumps it; {@code pg_restore} loads the dump into a fresh, empty PostgreSQL; a new API process
 * on the restored database serves the same services and deployments, and the env values still
 * decrypt with the same DP_SECRET_KEY and with no other.
 *
 * <p>pg_dump refuses a server of a newer major version, and the embedded module's server is
 * PostgreSQL 18 while Debian 12 ships 15: both servers and both tools here come from one
 * installation, Debian's {@code postgresql-15} ({@code /usr/lib/postgresql/15}, or the
 * {@code deploymcp.test.postgres15} property).
 */
class BackupRestoreIT {
  private static final String BOOTSTRAP_KEY = "dpk_boot0000_bootstrapbootstrapbootstrapbootstrap00";
  private static final String SECRET_VALUE = "postgres://app:restore-plaintext-4b1d@db/app";
  private static final Path POSTGRES_15 =
      Path.of(System.getProperty("deploymcp.test.postgres15", "/usr/lib/postgresql/15"));
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String secretKey = SecretCipher.newBase64Key();
  private final List<AutoCloseable> running = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    for (AutoCloseable c : running.reversed()) {
      c.close();
    }
  }

  @Test
  void restoredDumpServesTheSameServicesAndDeploymentsAndDecryptsEnvValues() throws Exception {
    tool("pg_dump"); // fails first, saying what to install, when PostgreSQL 15 is missing
    EmbeddedPostgres source = started(EmbeddedPostgres.startTemporary(POSTGRES_15));
    EmbeddedTemporal temporal = started(EmbeddedTemporal.start(0));

    // 1. A platform with data: two services (env values, one of them secret), three deployments.
    ApiProcess before = started(ApiProcess.start("backup-source", env(source, temporal)));
    before.awaitReady(Duration.ofSeconds(90));
    String web = "restore-web-" + UUID.randomUUID().toString().substring(0, 8);
    String jobs = "restore-jobs-" + UUID.randomUUID().toString().substring(0, 8);
    JsonNode createdWeb = send(before, "POST", "/v1/services", Map.of(
        "name", web, "repo", "https://github.com/org/" + web,
        "env", Map.of("DATABASE_URL", SECRET_VALUE, "MODE", "prod")), 202);
    JsonNode createdJobs = send(before, "POST", "/v1/services", Map.of(
        "name", jobs, "repo", "https://github.com/org/" + jobs), 202);
    WorkerStandIn worker = new WorkerStandIn(db(source));
    UUID live = UUID.fromString(createdWeb.at("/deployment/id").asText());
    worker.rollOut(live, "0123456789abcdef0123456789abcdef01234567", "registry.internal/t/" + web + "@sha256:" + "a".repeat(64));
    worker.failWithoutBuildKit(UUID.fromString(createdJobs.at("/deployment/id").asText()));
    JsonNode redeploy = send(before, "POST", "/v1/services/" + web + "/deploys", Map.of(), 202);

    List<String> reads = List.of(
        "/v1/services", "/v1/services/" + web, "/v1/services/" + jobs, "/v1/services/" + web + "/deployments",
        "/v1/deployments/" + live, "/v1/deployments/" + redeploy.get("id").asText(), "/v1/services/" + web + "/env");
    Map<String, JsonNode> expected = new LinkedHashMap<>();
    for (String path : reads) {
      expected.put(path, stable(send(before, "GET", path, null, 200)));
    }
    assertThat(expected.get("/v1/services").toString()).contains(web, jobs);
    assertThat(expected.get("/v1/services/" + web + "/deployments").toString())
        .contains(live.toString(), redeploy.get("id").asText());
    assertThat(expected.get("/v1/services/" + web + "/env").toString()).contains("DATABASE_URL", "MODE");
    before.close();

    // 2. Back up: pg_dump's custom format, as the CronJob in docs/operations.md runs it.
    Path dump = Files.createTempFile("deploymcp-", ".dump");
    running.add(() -> Files.deleteIfExists(dump));
    run(tool("pg_dump"), "-Fc", "-h", "127.0.0.1", "-p", Integer.toString(source.port()), "-U", source.user(),
        "-d", EmbeddedPostgres.DATABASE, "-f", dump.toString());
    assertThat(Files.size(dump)).isGreaterThan(1000);

    // 3. Restore into a fresh, empty PostgreSQL.
    EmbeddedPostgres restored = started(EmbeddedPostgres.startTemporary(POSTGRES_15));
    Db restoredDb = db(restored);
    assertThat(restoredDb.count("select count(*) from information_schema.tables where table_schema = 'public'")).isZero();
    run(tool("pg_restore"), "--exit-on-error", "--no-owner", "-h", "127.0.0.1", "-p", Integer.toString(restored.port()),
        "-U", restored.user(), "-d", EmbeddedPostgres.DATABASE, dump.toString());
    source.close(); // the original is gone: from here on only the restored copy exists

    // 4. A new API on the restored database (Flyway finds the schema up to date) serves the same.
    ApiProcess after = started(ApiProcess.start("backup-restored", env(restored, temporal)));
    after.awaitReady(Duration.ofSeconds(90));
    for (String path : reads) {
      assertThat(stable(send(after, "GET", path, null, 200))).as(path).isEqualTo(expected.get(path));
    }
    JsonNode liveAfter = send(after, "GET", "/v1/deployments/" + live, null, 200);
    assertThat(liveAfter.get("status").asText()).isEqualTo("running");

    // 5. Env values decrypt with the same DP_SECRET_KEY, and with no other.
    UUID webId = (UUID) restoredDb.one("select id from services where name = ?", web);
    byte[] sealed = (byte[]) restoredDb.one(
        "select value_cipher from env_vars where service_id = ? and key = 'DATABASE_URL'", webId);
    assertThat(SecretCipher.fromBase64(secretKey).decrypt(sealed, webId + ":DATABASE_URL")).isEqualTo(SECRET_VALUE);
    assertThatThrownBy(() -> SecretCipher.fromBase64(SecretCipher.newBase64Key()).decrypt(sealed, webId + ":DATABASE_URL"))
        .isInstanceOf(SecretDecryptionException.class);
    // The dump (read back as SQL: -Fc is compressed) holds ciphertexts only, so a backup without
    // DP_SECRET_KEY reveals no value.
    Path sql = Files.createTempFile("deploymcp-", ".sql");
    running.add(() -> Files.deleteIfExists(sql));
    run(tool("pg_restore"), "--data-only", "-f", sql.toString(), dump.toString());
    assertThat(Files.readString(sql)).contains(web, "DATABASE_URL").doesNotContain(SECRET_VALUE);
  }

  private Map<String, String> env(EmbeddedPostgres postgres, EmbeddedTemporal temporal) {
    return Map.of(
        "DP_DATABASE_URL", postgres.jdbcUrl(),
        "DP_DATABASE_USER", postgres.user(),
        "TEMPORAL_ADDRESS", temporal.target(),
        "DP_BOOTSTRAP_API_KEY", BOOTSTRAP_KEY,
        "DP_SECRET_KEY", secretKey,
        "DP_APPS_DOMAIN", "apps.test");
  }

  /**
   * The response without what is computed at read time rather than stored: when the live status
   * was observed (there is no cluster here, so it is not_configured either way).
   */
  private static JsonNode stable(JsonNode node) {
    if (node.isObject()) {
      ((ObjectNode) node).remove("observed_at");
    }
    node.forEach(BackupRestoreIT::stable);
    return node;
  }

  private JsonNode send(ApiProcess api, String method, String path, Object body, int expectedStatus) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
        .header("Authorization", "Bearer " + BOOTSTRAP_KEY)
        .timeout(Duration.ofSeconds(30));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expectedStatus);
    return JSON.readTree(response.body());
  }

  private static String tool(String name) {
    Path tool = POSTGRES_15.resolve("bin").resolve(name);
    if (!Files.isExecutable(tool)) {
      throw new IllegalStateException(tool + " is missing: install Debian's postgresql-15 (server and client:"
          + " apt-get install postgresql-15), or point -Ddeploymcp.test.postgres15 at a PostgreSQL 15 installation");
    }
    return tool.toString();
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
  }

  private static Db db(EmbeddedPostgres postgres) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(postgres.jdbcUrl());
    ds.setUser(postgres.user());
    return new Db(ds);
  }

  private <T extends AutoCloseable> T started(T resource) {
    running.add(resource);
    return resource;
  }
}
