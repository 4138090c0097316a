package io.deploymcp.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        .contains("BUILDKIT_HOST=tcp://127.0.0.1:1234 (set by hand)")
        .contains("REGISTRY_HOST=127.0.0.1:5000 (set by hand)")
        .doesNotContain("s3cret");
  }

  @Test
  void printsAReadyToPasteCurlWithTheKeyFileRelativeToTheWorkingDirectory() {
    LaunchSettings settings = LaunchSettings.from(Map.of(), cwd, Optional.empty());
    LocalSecrets secrets = new LocalSecrets("k", "dpk_local_x", Optional.of(cwd.resolve(".dp-data/api-key")));

    String text = Banner.render(settings, secrets, facts(), Map.of(), Detection.off(), cwd);

    assertThat(text)
        .contains("curl -H \"Authorization: Bearer $(cat .dp-data/api-key)\" http://127.0.0.1:8080/v1/status")
        .contains("API         http://127.0.0.1:8080  (ready 2.3 s after start, 140 MB RSS)")
        .contains("worker      started in 4.0 s, 250 MB RSS")
        .contains("metrics     http://127.0.0.1:8080/q/metrics (API), http://127.0.0.1:9464/metrics (worker)")
        .contains("Press Ctrl-C to stop everything.")
        .doesNotContain("dpk_local_x");
  }

  @Test
  void pointsAtTheEnvironmentVariableWhenTheKeyCameFromThere() {
    LaunchSettings settings = LaunchSettings.from(Map.of(), cwd, Optional.empty());
    LocalSecrets secrets = new LocalSecrets("k", "dpk_mine", Optional.empty());

    String text = Banner.render(settings, secrets, facts(), Map.of(), Detection.off(), cwd);

    assertThat(text).contains("Bearer $DP_BOOTSTRAP_API_KEY\"").doesNotContain("dpk_mine");
  }

  @Test
  void namesTheWorkerMetricsPortItRunsOnOrSaysItIsOff() {
    assertThat(Banner.workerMetrics(Map.of("DP_WORKER_METRICS_PORT", "28474"))).isEqualTo("http://127.0.0.1:28474/metrics");
    assertThat(Banner.workerMetrics(Map.of("DP_WORKER_METRICS_PORT", "0"))).isEqualTo("off");
  }

  private static StackFacts facts() {
    return new StackFacts("embedded", "embedded", Duration.ofMillis(2300), Optional.of(140L),
        Optional.of(Duration.ofSeconds(4)), Optional.of(250L));
  }

  @Test
  void saysWhatWasDetectedAndHow() {
    Detection detection = new Detection(List.of(
        Finding.found("BuildKit", Map.of("BUILDKIT_HOST", "docker:///var/run/docker.sock"),
            "detected: the Docker engine at /var/run/docker.sock answers _ping"),
        Finding.found("registry", Map.of("REGISTRY_HOST", "127.0.0.1:5000"), "detected: a registry answers /v2/ at 127.0.0.1:5000"),
        Finding.found("base images", Map.of(
            "DP_BASE_IMAGE_STATIC", "127.0.0.1:5000/base/busybox:1", "DP_BASE_IMAGE_NODE", "127.0.0.1:5000/base/node:1"),
            "detected in 127.0.0.1:5000: base/busybox:1, base/node:1; not there: base/python (bin/base-images makes them)"),
        Finding.nothing("Kubernetes", "/etc/rancher/k3s/k3s.yaml points at https://192.0.2.10:6443, which is not this machine;"
            + " not used (set KUBECONFIG to use that cluster)")));
    Map<String, String> env = new java.util.HashMap<>(detection.variables());
    env.put("DP_BASE_IMAGE_PYTHON", "mine/python:3");

    String text = String.join("\n", Banner.integrations(env, detection));

    assertThat(text)
        .contains("BuildKit    BUILDKIT_HOST=docker:///var/run/docker.sock"
            + " (detected: the Docker engine at /var/run/docker.sock answers _ping)")
        .contains("registry    REGISTRY_HOST=127.0.0.1:5000 (detected: a registry answers /v2/ at 127.0.0.1:5000)")
        .contains("base images DP_BASE_IMAGE_STATIC=127.0.0.1:5000/base/busybox:1 (detected in the registry)\n"
            + "              DP_BASE_IMAGE_NODE=127.0.0.1:5000/base/node:1 (detected in the registry)\n"
            + "              DP_BASE_IMAGE_PYTHON=mine/python:3 (set by hand)\n"
            + "              not set: DP_BASE_IMAGE_GO, DP_BASE_IMAGE_JAVA (those build packs stop with BASE_IMAGE_NOT_CONFIGURED)")
        .contains("Kubernetes  not configured: deploys stop with KUBERNETES_NOT_CONFIGURED."
            + " Set KUBECONFIG to a k3s cluster's kubeconfig. Looked: /etc/rancher/k3s/k3s.yaml points at"
            + " https://192.0.2.10:6443, which is not this machine; not used (set KUBECONFIG to use that cluster).");
  }

  @Test
  void saysWhenAutodetectionIsOff() {
    Path here = Path.of("/work/repo");
    LaunchSettings off = LaunchSettings.from(Map.of("DP_AUTODETECT", "false"), here, Optional.empty());
    LocalSecrets secrets = new LocalSecrets("k", "dpk_local_x", Optional.empty());

    assertThat(Banner.render(off, secrets, facts(), Map.of(), Detection.off(), here))
        .contains("(DP_AUTODETECT=false: nothing on this machine was looked for)")
        .contains("base images not configured: only build_pack=dockerfile builds");
    assertThat(Banner.render(LaunchSettings.from(Map.of(), here, Optional.empty()), secrets, facts(), Map.of(),
        new Detection(List.of(), Optional.of(Duration.ofMillis(42))), here))
        .contains("(what was unset was looked for on this machine in 42 ms; DP_AUTODETECT=false looks for nothing)")
        .doesNotContain("nothing on this machine was looked for");
  }
}
