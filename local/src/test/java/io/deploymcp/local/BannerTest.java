package io.deploymcp.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BannerTest {
  private final Path cwd = Path.of("/work/repo");

  @Test
  void saysInPlainWordsWhatIsNotConfigured() {
    String text = String.join("\n", Banner.integrations(Map.of()));

    assertThat(text)
        .contains("BuildKit    not configured: deploys stop at the build step with BUILDKIT_NOT_CONFIGURED")
        .contains("Set BUILDKIT_HOST")
        .contains("registry    not configured")
        .contains("Kubernetes  not configured")
        .contains("Set KUBECONFIG")
        .contains("Loki        not configured: logs stay in this console")
        .contains("GitHub App  not configured")
        .doesNotContain("Exception");
  }

  @Test
  void showsConfiguredValuesWithoutCredentials() {
    String text = String.join("\n", Banner.integrations(Map.of(
        "BUILDKIT_HOST", "tcp://127.0.0.1:1234",
        "REGISTRY_HOST", "127.0.0.1:5000",
        "LOKI_PUSH_URL", "https://user:s3cret@loki.example/loki/api/v1/push",
        "KUBECONFIG", "/nonexistent/kubeconfig")));

    assertThat(text)
        .contains("BUILDKIT_HOST=tcp://127.0.0.1:1234")
        .contains("REGISTRY_HOST=127.0.0.1:5000")
        .contains("LOKI_PUSH_URL=https://***@loki.example/loki/api/v1/push")
        .contains("KUBECONFIG points to /nonexistent/kubeconfig, which cannot be read")
        .doesNotContain("s3cret");
  }

  @Test
  void printsAReadyToPasteCurlWithTheKeyFileRelativeToTheWorkingDirectory() {
    LaunchSettings settings = LaunchSettings.from(Map.of(), cwd, Optional.empty());
    LocalSecrets secrets = new LocalSecrets("k", "dpk_local_x", Optional.of(cwd.resolve(".dp-data/api-key")));

    String text = Banner.render(settings, secrets, facts(), Map.of(), cwd);

    assertThat(text)
        .contains("curl -H \"Authorization: Bearer $(cat .dp-data/api-key)\" http://127.0.0.1:8080/v1/status")
        .contains("API         http://127.0.0.1:8080  (ready 2.3 s after start, 140 MB RSS)")
        .contains("worker      started in 4.0 s, 250 MB RSS")
        .contains("Press Ctrl-C to stop everything.")
        .doesNotContain("dpk_local_x");
  }

  @Test
  void pointsAtTheEnvironmentVariableWhenTheKeyCameFromThere() {
    LaunchSettings settings = LaunchSettings.from(Map.of(), cwd, Optional.empty());
    LocalSecrets secrets = new LocalSecrets("k", "dpk_mine", Optional.empty());

    String text = Banner.render(settings, secrets, facts(), Map.of(), cwd);

    assertThat(text).contains("Bearer $DP_BOOTSTRAP_API_KEY\"").doesNotContain("dpk_mine");
  }

  private static StackFacts facts() {
    return new StackFacts("embedded", "embedded", Duration.ofMillis(2300), Optional.of(140L),
        Optional.of(Duration.ofSeconds(4)), Optional.of(250L));
  }
}
