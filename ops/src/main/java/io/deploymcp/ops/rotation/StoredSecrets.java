package io.deploymcp.ops.rotation;

import java.util.List;

/**
 * Every column the platform encrypts under DP_SECRET_KEY, with the associated data its writer
 * uses (api EnvCipher and WebhookSecrets, worker GitCredentialStore). A {@code *_cipher} column
 * missing here makes the rotation refuse to run, so a new one cannot be left behind silently.
 */
final class StoredSecrets {
  static final List<SecretColumn> ALL =
      List.of(
          // V1: env values, bound to "<service_id>:<KEY>".
          new SecretColumn(
              "env_vars", "value_cipher", List.of("service_id", "key"), k -> k.get(0) + ":" + k.get(1)),
          // V1: git tokens for Gitea/generic hosts, bound to "<tenant_id>:<host>".
          new SecretColumn(
              "git_credentials", "token_cipher", List.of("tenant_id", "host"), k -> k.get(0) + ":" + k.get(1)),
          // V2: per-service webhook secret, bound to "webhook:<service_id>"; null when unset.
          new SecretColumn("services", "webhook_secret_cipher", List.of("id"), k -> "webhook:" + k.get(0)));

  private StoredSecrets() {}
}
