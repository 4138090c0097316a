package io.deploymcp.ops.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.embedded.EmbeddedPostgres;
import io.deploymcp.store.Migrations;
import io.deploymcp.store.SecretCipher;
import io.deploymcp.store.SecretDecryptionException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bin/rotate-secret-key's command against a real PostgreSQL (embedded module) with the store's
 * migrations: every kind of stored secret (env value, git token, webhook secret) is written
 * under the old key as the API and worker write it, then rotated through {@link
 * RotateSecretKeyCommand#run} with the environment the wrapper passes.
 */
class RotateSecretKeyCommandTest {
  private static final String ENV_VALUE = "postgres://app:env-plaintext-7f3a@db/app";
  private static final String TOKEN = "gitea-token-plaintext-91c2";
  private static final String WEBHOOK = "webhook-plaintext-5d0e";

  private static EmbeddedPostgres postgres;

  private final String oldKey = SecretCipher.newBase64Key();
  private final String newKey = SecretCipher.newBase64Key();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private UUID tenant;
  private UUID service;

  @BeforeAll
  static void startPostgres() {
    postgres = EmbeddedPostgres.startTemporary();
    Flyway.configure()
        .dataSource(postgres.jdbcUrl(), postgres.user(), "")
        .locations(Migrations.LOCATION)
        .load()
        .migrate();
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @BeforeEach
  void secretsUnderTheOldKey() throws SQLException {
    update("truncate tenants cascade");
    tenant = UUID.randomUUID();
    service = UUID.randomUUID();
    UUID project = UUID.randomUUID();
    SecretCipher old = SecretCipher.fromBase64(oldKey);
    update("insert into tenants (id, name) values (?, ?)", tenant, "t-" + tenant);
    update("insert into projects (id, tenant_id, name) values (?, ?, 'p')", project, tenant);
    update(
        "insert into services (id, tenant_id, project_id, name, repo, branch, build_pack, port, cpu_millis,"
            + " memory_mib, kind, webhook_secret_cipher) values (?, ?, ?, 'web', 'https://example.com/r.git',"
            + " 'main', 'railpack', 8080, 250, 256, 'web', ?)",
        service, tenant, project, old.encrypt(WEBHOOK, "webhook:" + service));
    update("insert into env_vars (service_id, key, value_cipher) values (?, 'DATABASE_URL', ?)",
        service, old.encrypt(ENV_VALUE, service + ":DATABASE_URL"));
    update("insert into env_vars (service_id, key, value_cipher) values (?, 'MODE', ?)",
        service, old.encrypt("prod", service + ":MODE"));
    update("insert into git_credentials (tenant_id, host, token_cipher) values (?, 'git.example.com', ?)",
        tenant, old.encrypt(TOKEN, tenant + ":git.example.com"));
  }

  @Test
  void rotatesEveryStoredSecretToTheNewKey() throws SQLException {
    int exit = run(env());

    assertThat(exit).as(text(err)).isEqualTo(RotateSecretKeyCommand.OK);
    assertThat(text(out))
        .contains("env_vars.value_cipher: re-encrypted 2")
        .contains("git_credentials.token_cipher: re-encrypted 1")
        .contains("services.webhook_secret_cipher: re-encrypted 1")
        .contains("Committed: 4 values");
    SecretCipher next = SecretCipher.fromBase64(newKey);
    SecretCipher old = SecretCipher.fromBase64(oldKey);
    assertThat(next.decrypt(envCipher("DATABASE_URL"), service + ":DATABASE_URL")).isEqualTo(ENV_VALUE);
    assertThat(next.decrypt(envCipher("MODE"), service + ":MODE")).isEqualTo("prod");
    assertThat(next.decrypt(tokenCipher(), tenant + ":git.example.com")).isEqualTo(TOKEN);
    assertThat(next.decrypt(webhookCipher(), "webhook:" + service)).isEqualTo(WEBHOOK);
    assertThatThrownBy(() -> old.decrypt(envCipher("DATABASE_URL"), service + ":DATABASE_URL"))
        .isInstanceOf(SecretDecryptionException.class);
    assertThatThrownBy(() -> old.decrypt(tokenCipher(), tenant + ":git.example.com"))
        .isInstanceOf(SecretDecryptionException.class);
    assertThatThrownBy(() -> old.decrypt(webhookCipher(), "webhook:" + service))
        .isInstanceOf(SecretDecryptionException.class);
    assertNoKeyOrValueIn(text(out) + text(err));
  }

  @Test
  void dryRunCountsAndChangesNothing() throws SQLException {
    List<byte[]> before = allCiphertexts();

    int exit = run(env(), "--dry-run");

    assertThat(exit).as(text(err)).isEqualTo(RotateSecretKeyCommand.OK);
    assertThat(text(out))
        .contains("env_vars.value_cipher: would re-encrypt 2")
        .contains("Dry run: all 4 values decrypt under DP_SECRET_KEY; nothing was changed.");
    assertThat(allCiphertexts()).containsExactlyElementsOf(before);
    assertNoKeyOrValueIn(text(out) + text(err));
  }

  @Test
  void wrongOldKeyChangesNothingAndNamesTheColumn() throws SQLException {
    List<byte[]> before = allCiphertexts();
    Map<String, String> env = env();
    String wrong = SecretCipher.newBase64Key();
    env.put("DP_SECRET_KEY", wrong);

    int exit = run(env);

    assertThat(exit).isEqualTo(RotateSecretKeyCommand.FAILED);
    assertThat(text(err)).contains("Aborted: a value in env_vars.value_cipher does not decrypt under DP_SECRET_KEY");
    assertThat(allCiphertexts()).containsExactlyElementsOf(before);
    assertThat(text(out) + text(err)).doesNotContain(wrong);
    assertNoKeyOrValueIn(text(out) + text(err));
  }

  @Test
  void oneForeignRowInTheLastColumnRollsBackTheColumnsBeforeIt() throws SQLException {
    // env_vars and git_credentials are rewritten before services is read: the abort must undo them.
    update("update services set webhook_secret_cipher = ? where id = ?",
        SecretCipher.fromBase64(SecretCipher.newBase64Key()).encrypt(WEBHOOK, "webhook:" + service), service);
    List<byte[]> before = allCiphertexts();

    int exit = run(env());

    assertThat(exit).isEqualTo(RotateSecretKeyCommand.FAILED);
    assertThat(text(err)).contains("services.webhook_secret_cipher").contains("nothing was changed");
    assertThat(allCiphertexts()).containsExactlyElementsOf(before);
    assertThat(SecretCipher.fromBase64(oldKey).decrypt(envCipher("DATABASE_URL"), service + ":DATABASE_URL"))
        .isEqualTo(ENV_VALUE);
    assertNoKeyOrValueIn(text(out) + text(err));
  }

  @Test
  void refusesAnEncryptedColumnItDoesNotKnow() throws SQLException {
    update("alter table projects add column note_cipher bytea");
    try {
      List<byte[]> before = allCiphertexts();

      int exit = run(env());

      assertThat(exit).isEqualTo(RotateSecretKeyCommand.FAILED);
      assertThat(text(err)).contains("projects.note_cipher").contains("nothing was changed");
      assertThat(allCiphertexts()).containsExactlyElementsOf(before);
    } finally {
      update("alter table projects drop column note_cipher");
    }
  }

  @Test
  void refusesMissingInvalidOrUnchangedKeysBeforeConnecting() throws SQLException {
    List<byte[]> before = allCiphertexts();
    Map<String, String> missing = env();
    missing.remove("DP_NEW_SECRET_KEY");
    Map<String, String> invalid = env();
    invalid.put("DP_NEW_SECRET_KEY", "not base64 at all!");
    Map<String, String> same = env();
    same.put("DP_NEW_SECRET_KEY", oldKey);
    Map<String, String> noUrl = env();
    noUrl.remove("DP_DATABASE_URL");

    assertThat(run(missing)).isEqualTo(RotateSecretKeyCommand.USAGE);
    assertThat(run(invalid)).isEqualTo(RotateSecretKeyCommand.USAGE);
    assertThat(run(same)).isEqualTo(RotateSecretKeyCommand.USAGE);
    assertThat(run(noUrl)).isEqualTo(RotateSecretKeyCommand.USAGE);
    assertThat(run(env(), "--force")).isEqualTo(RotateSecretKeyCommand.USAGE);

    assertThat(text(err))
        .contains("DP_NEW_SECRET_KEY is not set")
        .contains("DP_NEW_SECRET_KEY is not valid base64")
        .contains("DP_NEW_SECRET_KEY is the same key as DP_SECRET_KEY")
        .contains("DP_DATABASE_URL is not set")
        .contains("unknown argument: --force")
        .doesNotContain("not base64 at all!");
    assertThat(allCiphertexts()).containsExactlyElementsOf(before);
    assertNoKeyOrValueIn(text(out) + text(err));
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("DP_DATABASE_URL", postgres.jdbcUrl());
    env.put("DP_DATABASE_USER", postgres.user());
    env.put("DP_SECRET_KEY", oldKey);
    env.put("DP_NEW_SECRET_KEY", newKey);
    return env;
  }

  private int run(Map<String, String> env, String... args) {
    return RotateSecretKeyCommand.run(
        List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private void assertNoKeyOrValueIn(String output) {
    assertThat(output).doesNotContain(oldKey, newKey, ENV_VALUE, TOKEN, WEBHOOK, "prod\n");
  }

  private static String text(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8);
  }

  private byte[] envCipher(String key) throws SQLException {
    return (byte[]) one("select value_cipher from env_vars where service_id = ? and key = ?", service, key);
  }

  private byte[] tokenCipher() throws SQLException {
    return (byte[]) one("select token_cipher from git_credentials where tenant_id = ?", tenant);
  }

  private byte[] webhookCipher() throws SQLException {
    return (byte[]) one("select webhook_secret_cipher from services where id = ?", service);
  }

  private List<byte[]> allCiphertexts() throws SQLException {
    List<byte[]> all = new ArrayList<>();
    all.add(envCipher("DATABASE_URL"));
    all.add(envCipher("MODE"));
    all.add(tokenCipher());
    all.add(webhookCipher());
    return all;
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "");
  }

  private static Object one(String sql, Object... args) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps = prepare(c, sql, args);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getObject(1);
    }
  }

  private static void update(String sql, Object... args) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps = prepare(c, sql, args)) {
      ps.executeUpdate();
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
    return ps;
  }
}
