package io.deploymcp.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {
  private final LocalSecrets secrets = new LocalSecrets("c2VjcmV0", "dpk_local_abc", Optional.empty());

  @Test
  void providesTheLocalStackAndPassesIntegrationsThrough() {
    Map<String, String> inherited = Map.of(
        "BUILDKIT_HOST", "tcp://127.0.0.1:1234", "KUBECONFIG", "/k", "GITHUB_APP_ID", "42",
        "DP_APPS_DOMAIN", "apps.test", "DP_DATABASE_PASSWORD", "stale");
    LaunchSettings settings = LaunchSettings.from(Map.of("DP_API_PORT", "18080"), Path.of("/tmp"), Optional.empty());

    Map<String, String> env = ChildEnvironment.of(
        inherited, settings, secrets, "jdbc:postgresql://127.0.0.1:54329/deploymcp", "127.0.0.1:7233", Detection.off());

    assertThat(env)
        .doesNotContainKey("DP_AUTODETECTED")
        .containsEntry("DP_DATABASE_URL", "jdbc:postgresql://127.0.0.1:54329/deploymcp")
        .containsEntry("DP_DATABASE_USER", "deploymcp")
        .doesNotContainKey("DP_DATABASE_PASSWORD")
        .containsEntry("TEMPORAL_ADDRESS", "127.0.0.1:7233")
        .containsEntry("TEMPORAL_NAMESPACE", "default")
        .containsEntry("DP_SECRET_KEY", "c2VjcmV0")
        .containsEntry("DP_BOOTSTRAP_API_KEY", "dpk_local_abc")
        .containsEntry("DP_API_PORT", "18080")
        .containsEntry("DP_ALLOW_LOCAL_REPOS", "true")
        .containsEntry("QUARKUS_HTTP_HOST", "127.0.0.1")
        .containsEntry("BUILDKIT_HOST", "tcp://127.0.0.1:1234")
        .containsEntry("KUBECONFIG", "/k")
        .containsEntry("GITHUB_APP_ID", "42")
        .containsEntry("DP_APPS_DOMAIN", "apps.test");
  }

  @Test
  void keepsExternalDatabaseCredentialsAndAnExplicitLocalRepoChoice() {
    Map<String, String> inherited = Map.of(
        "DP_DATABASE_URL", "jdbc:postgresql://db/dp", "DP_DATABASE_USER", "ops", "DP_DATABASE_PASSWORD", "pw",
        "TEMPORAL_ADDRESS", "temporal:7233", "TEMPORAL_NAMESPACE", "prod", "DP_ALLOW_LOCAL_REPOS", "false");
    LaunchSettings settings = LaunchSettings.from(inherited, Path.of("/tmp"), Optional.empty());

    Map<String, String> env = ChildEnvironment.of(inherited, settings, secrets, "jdbc:postgresql://db/dp", "temporal:7233", Detection.off());

    assertThat(env)
        .containsEntry("DP_DATABASE_USER", "ops")
        .containsEntry("DP_DATABASE_PASSWORD", "pw")
        .containsEntry("TEMPORAL_NAMESPACE", "prod")
        .containsEntry("DP_ALLOW_LOCAL_REPOS", "false");
  }

  @Test
  void addsWhatWasDetectedAndNamesItForTheStatus() {
    Map<String, String> inherited = Map.of("KUBECONFIG", "/mine", "DP_AUTODETECTED", "KUBECONFIG", "REGISTRY_HOST", " ");
    LaunchSettings settings = LaunchSettings.from(Map.of(), Path.of("/tmp"), Optional.empty());
    Detection detection = new Detection(java.util.List.of(
        Finding.found("BuildKit", Map.of("BUILDKIT_HOST", "docker:///var/run/docker.sock"), "detected"),
        Finding.found("registry", Map.of("REGISTRY_HOST", "127.0.0.1:5000"), "detected"),
        Finding.found("base images", Map.of("DP_BASE_IMAGE_STATIC", "127.0.0.1:5000/base/busybox:1"), "detected"),
        Finding.nothing("Kubernetes", "no k3s kubeconfig at /etc/rancher/k3s/k3s.yaml")));

    Map<String, String> env = ChildEnvironment.of(inherited, settings, secrets, "jdbc:postgresql://x/y", "t:7233", detection);

    assertThat(env)
        .containsEntry("BUILDKIT_HOST", "docker:///var/run/docker.sock")
        .containsEntry("REGISTRY_HOST", "127.0.0.1:5000") // a blank inherited value is no setting
        .containsEntry("DP_BASE_IMAGE_STATIC", "127.0.0.1:5000/base/busybox:1")
        .containsEntry("KUBECONFIG", "/mine")
        // The inherited claim that KUBECONFIG was detected is replaced by what this launcher detected.
        .containsEntry("DP_AUTODETECTED", "BUILDKIT_HOST,DP_BASE_IMAGE_STATIC,REGISTRY_HOST");
  }

  @Test
  void nothingDetectedRemovesAnInheritedClaim() {
    LaunchSettings settings = LaunchSettings.from(Map.of(), Path.of("/tmp"), Optional.empty());

    Map<String, String> env = ChildEnvironment.of(
        Map.of("DP_AUTODETECTED", "BUILDKIT_HOST"), settings, secrets, "jdbc:postgresql://x/y", "t:7233", Detection.off());

    assertThat(env).doesNotContainKey("DP_AUTODETECTED");
  }
}
