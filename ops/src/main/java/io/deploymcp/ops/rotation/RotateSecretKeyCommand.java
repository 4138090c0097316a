package io.deploymcp.ops.rotation;

import io.deploymcp.store.SecretCipher;
import java.io.PrintStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/rotate-secret-key [--dry-run]}: re-encrypts every stored secret from DP_SECRET_KEY
 * to DP_NEW_SECRET_KEY, connecting as the API does (DP_DATABASE_URL, DP_DATABASE_USER,
 * DP_DATABASE_PASSWORD). Keys come only from the environment, never from arguments (which
 * {@code ps} and shell history show), and nothing printed contains a key or a value.
 */
public final class RotateSecretKeyCommand {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private static final String USAGE_TEXT =
      """
      Usage: bin/rotate-secret-key [--dry-run]
        Re-encrypts env values, git tokens and webhook secrets from DP_SECRET_KEY (the key in use)
        to DP_NEW_SECRET_KEY in one transaction. Stop the API and workers first (docs/operations.md).
        --dry-run  decrypt everything with DP_SECRET_KEY and count what would change; change nothing
      Environment: DP_DATABASE_URL (required), DP_DATABASE_USER (default deploymcp),
        DP_DATABASE_PASSWORD, DP_SECRET_KEY, DP_NEW_SECRET_KEY (base64 of 32 bytes each)""";

  private RotateSecretKeyCommand() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.getenv(), System.out, System.err));
  }

  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    boolean dryRun = false;
    for (String arg : args) {
      switch (arg) {
        case "--dry-run" -> dryRun = true;
        case "-h", "--help" -> {
          out.println(USAGE_TEXT);
          return OK;
        }
        default -> {
          err.println("unknown argument: " + (arg.startsWith("-") ? arg : "(a value)") + "\n" + USAGE_TEXT);
          return USAGE;
        }
      }
    }
    String url = env.get("DP_DATABASE_URL");
    if (blank(url)) {
      err.println("DP_DATABASE_URL is not set: give the JDBC URL the API uses, e.g."
          + " jdbc:postgresql://127.0.0.1:5432/deploymcp");
      return USAGE;
    }
    SecretCipher oldKey;
    SecretCipher newKey;
    try {
      oldKey = cipher(env, "DP_SECRET_KEY");
      newKey = cipher(env, "DP_NEW_SECRET_KEY");
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage()); // names the variable and what is wrong, never the value
      return USAGE;
    }
    if (sameKey(env.get("DP_SECRET_KEY"), env.get("DP_NEW_SECRET_KEY"))) {
      err.println("DP_NEW_SECRET_KEY is the same key as DP_SECRET_KEY: make a new one with openssl rand -base64 32");
      return USAGE;
    }
    String user = env.getOrDefault("DP_DATABASE_USER", "deploymcp");
    String password = env.getOrDefault("DP_DATABASE_PASSWORD", "");
    try (Connection connection = DriverManager.getConnection(url, user, password)) {
      RotationReport report = new SecretKeyRotation(oldKey, newKey).rotate(connection, dryRun);
      String verb = report.dryRun() ? "would re-encrypt" : "re-encrypted";
      for (ColumnCount count : report.columns()) {
        out.println(count.column() + ": " + verb + " " + count.rows());
      }
      if (report.dryRun()) {
        out.println("Dry run: all " + report.total() + " values decrypt under DP_SECRET_KEY; nothing was changed.");
      } else {
        out.println("Committed: " + report.total() + " values are now under DP_NEW_SECRET_KEY. Set DP_SECRET_KEY"
            + " to the new key where the API and worker read it, then start them.");
      }
      return OK;
    } catch (RotationAbortedException e) {
      err.println("Aborted: " + e.getMessage());
      return FAILED;
    } catch (SQLException e) {
      err.println("Aborted, nothing was changed: database error (SQLSTATE " + e.getSQLState() + "): "
          + e.getMessage() + (isLockTimeout(e) ? " (is the API or a worker still running? stop them first)" : ""));
      return FAILED;
    }
  }

  private static SecretCipher cipher(Map<String, String> env, String name) {
    String value = env.get(name);
    if (blank(value)) {
      throw new IllegalArgumentException(name + " is not set (base64 of 32 random bytes)");
    }
    try {
      return SecretCipher.fromBase64(value);
    } catch (IllegalArgumentException e) {
      // SecretCipher's messages name DP_SECRET_KEY; say which of the two variables is wrong.
      throw new IllegalArgumentException(e.getMessage().replace("DP_SECRET_KEY", name));
    }
  }

  private static boolean sameKey(String a, String b) {
    return MessageDigest.isEqual(Base64.getDecoder().decode(a.trim()), Base64.getDecoder().decode(b.trim()));
  }

  private static boolean isLockTimeout(SQLException e) {
    return "55P03".equals(e.getSQLState());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
