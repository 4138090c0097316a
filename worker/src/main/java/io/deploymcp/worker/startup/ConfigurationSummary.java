package io.deploymcp.worker.startup;

import io.deploymcp.worker.cluster.KubernetesAccess;
import io.deploymcp.worker.config.PlatformSettings;
import io.deploymcp.checkout.SecretRedactor;
import io.deploymcp.registry.RegistryException;
import io.deploymcp.registry.RegistryHosts;
import java.util.List;
import java.util.Optional;

/** What is configured and what is missing, in plain words, one line per component. */
public final class ConfigurationSummary {
  private ConfigurationSummary() {}

  public static List<String> lines(
      PlatformSettings settings, KubernetesAccess kubernetes, Optional<String> secretKeyProblem) {
    return lines(settings, kubernetes, secretKeyProblem, Optional.ofNullable(settings.lokiPushUrl()).filter(PlatformSettings::isSet));
  }

  /** @param lokiPush where build log lines are shipped (LOKI_PUSH_URL, else LOKI_URL's push endpoint) */
  public static List<String> lines(
      PlatformSettings settings, KubernetesAccess kubernetes, Optional<String> secretKeyProblem,
      Optional<String> lokiPush) {
    return List.of(
        settings.hasBuildkit()
            ? "BuildKit: " + shown(settings.buildkitHost())
            : "BuildKit: not configured (set BUILDKIT_HOST) — deploys will fail with"
                + " BUILDKIT_NOT_CONFIGURED",
        settings.hasRegistry()
            ? "Registry: " + shown(settings.registryHost()) + pullName(settings)
            : "Registry: not configured (set REGISTRY_HOST) — deploys will fail with"
                + " REGISTRY_NOT_CONFIGURED",
        kubernetes.describe(),
        lokiPush.isPresent()
            ? "Loki: " + shown(lokiPush.get()) + " (build log lines are shipped there too)"
            : "Loki: not configured (set LOKI_URL) — build logs are kept in PostgreSQL only",
        secretKeyProblem
            .map(
                problem ->
                    "Secrets: " + problem
                        + " — repositories with a stored git token cannot be fetched")
            .orElse("Secrets: DP_SECRET_KEY is set"),
        settings.allowLocalRepos()
            ? "Local repositories: allowed (DP_ALLOW_LOCAL_REPOS=true)"
            : "Local repositories: refused (file:// and loopback http:// need"
                + " DP_ALLOW_LOCAL_REPOS=true)");
  }

  /**
   * Said only when pods name the registry otherwise than the worker pushes to it, or when the two
   * names cannot be used (the same check a build makes, which then fails BUILD_CONFIG_INVALID).
   */
  private static String pullName(PlatformSettings settings) {
    try {
      RegistryHosts.of(settings.registryHost(), settings.pullHost());
    } catch (RegistryException e) {
      return " — " + SecretRedactor.redact(e.getMessage(), List.of())
          + ": deploys will fail with BUILD_CONFIG_INVALID";
    }
    String pull = settings.pullHost();
    return pull.equals(settings.registryHost().strip()) ? "" : " (pods pull it as " + shown(pull) + ")";
  }

  private static String shown(String value) {
    return SecretRedactor.redact(value.strip(), List.of());
  }
}
