package io.deploymcp.worker.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.worker.cluster.KubernetesAccess;
import io.deploymcp.worker.config.PlatformSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigurationSummaryTest {
  private static final KubernetesAccess NO_CLUSTER =
      new KubernetesAccess(null, null, Path.of("/nonexistent/token"));

  @Test
  void nothingConfiguredSaysWhatIsMissingAndWhatFails() {
    List<String> lines =
        ConfigurationSummary.lines(
            new PlatformSettings("", "", "", "", false), NO_CLUSTER, Optional.of("DP_SECRET_KEY is not set"));

    assertThat(lines)
        .containsExactly(
            "BuildKit: not configured (set BUILDKIT_HOST) — deploys will fail with BUILDKIT_NOT_CONFIGURED",
            "Registry: not configured (set REGISTRY_HOST) — deploys will fail with"
                + " REGISTRY_NOT_CONFIGURED",
            "Kubernetes: not configured (set KUBECONFIG) — deploys will fail with KUBERNETES_NOT_CONFIGURED",
            "Loki: not configured (set LOKI_URL) — build logs are kept in PostgreSQL only",
            "Secrets: DP_SECRET_KEY is not set — repositories with a stored git token cannot be fetched",
            "Local repositories: refused (file:// and loopback http:// need DP_ALLOW_LOCAL_REPOS=true)");
  }

  @Test
  void configuredValuesAreShownWithCredentialsMasked() {
    List<String> lines =
        ConfigurationSummary.lines(
            new PlatformSettings(
                "tcp://buildkitd:1234",
                "registry.internal:5000",
                "https://user:s3cret@loki.example.com/loki/api/v1/push",
                "",
                true),
            NO_CLUSTER,
            Optional.empty());

    assertThat(lines.get(0)).isEqualTo("BuildKit: tcp://buildkitd:1234");
    assertThat(lines.get(1)).isEqualTo("Registry: registry.internal:5000");
    assertThat(lines.get(3)).isEqualTo("Loki: https://***@loki.example.com/loki/api/v1/push (build log lines are shipped there too)");
    assertThat(lines.get(4)).isEqualTo("Secrets: DP_SECRET_KEY is set");
    assertThat(lines.get(5)).isEqualTo("Local repositories: allowed (DP_ALLOW_LOCAL_REPOS=true)");
    assertThat(String.join("\n", lines)).doesNotContain("s3cret");
  }

  @Test
  void aSeparatePullNameIsShownNextToThePushAddress() {
    List<String> lines =
        ConfigurationSummary.lines(
            new PlatformSettings("tcp://buildkitd:1234", "10.0.1.10:5000", "", "", false, "registry.internal:5000"),
            NO_CLUSTER,
            Optional.empty());

    assertThat(lines.get(1)).isEqualTo("Registry: 10.0.1.10:5000 (pods pull it as registry.internal:5000)");
  }

  @Test
  void anUnusablePullHostIsNamedAtStartup() {
    List<String> lines =
        ConfigurationSummary.lines(
            new PlatformSettings("tcp://buildkitd:1234", "10.0.1.10:5000", "", "", false, "http://registry.internal:5000"),
            NO_CLUSTER,
            Optional.empty());

    assertThat(lines.get(1))
        .isEqualTo("Registry: 10.0.1.10:5000 — REGISTRY_PULL_HOST 'http://registry.internal:5000' is not host[:port]"
            + " (no scheme, no path): deploys will fail with BUILD_CONFIG_INVALID");
  }
}
