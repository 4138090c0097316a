package io.deploymcp.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageSettingsTest {
  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>(Map.of("REGISTRY_HOST", "127.0.0.1:5000", "DP_IMAGE_TAG", "0123456789ab"));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void defaultsNameTheConventionalReferencesAndTheLocalJreBase() {
    ImageSettings s = ImageSettings.fromEnvironment(env());
    assertThat(s.apiReference()).isEqualTo("127.0.0.1:5000/deploy-mcp/api:0123456789ab");
    assertThat(s.workerReference()).isEqualTo("127.0.0.1:5000/deploy-mcp/worker:0123456789ab");
    assertThat(s.opsReference()).isEqualTo("127.0.0.1:5000/deploy-mcp/ops:0123456789ab");
    assertThat(s.base()).isEqualTo("127.0.0.1:5000/base/jre:1");
    assertThat(s.java()).isEqualTo("/opt/java/openjdk/bin/java");
    assertThat(s.insecure()).as("loopback push and loopback base").isTrue();
  }

  @Test
  void plainHttpOnlyForLoopbackOrWhenAskedFor() {
    assertThat(ImageSettings.fromEnvironment(env("REGISTRY_HOST", "registry.example.com")).insecure()).isFalse();
    assertThat(ImageSettings.fromEnvironment(env("REGISTRY_HOST", "localhost:5000")).insecure()).isTrue();
    assertThat(ImageSettings.fromEnvironment(env("REGISTRY_HOST", "[::1]:5000")).insecure()).isTrue();
    // An official base from Docker Hub keeps TLS checks on, even with a loopback push registry.
    assertThat(ImageSettings.fromEnvironment(env("DP_IMAGE_BASE", "eclipse-temurin:21-jre")).insecure()).isFalse();
    assertThat(ImageSettings.fromEnvironment(env("DP_IMAGE_BASE", "eclipse-temurin:21-jre", "REGISTRY_INSECURE", "true")).insecure()).isTrue();
    assertThat(ImageSettings.fromEnvironment(env("REGISTRY_HOST", "10.0.0.5:5000", "REGISTRY_INSECURE", "TRUE")).insecure()).isTrue();
  }

  @Test
  void registryOfReadsReferencesAsDockerDoes() {
    assertThat(ImageSettings.registryOf("eclipse-temurin:21-jre")).isEqualTo("docker.io");
    assertThat(ImageSettings.registryOf("library/eclipse-temurin:21-jre")).isEqualTo("docker.io");
    assertThat(ImageSettings.registryOf("ghcr.io/x/y:1")).isEqualTo("ghcr.io");
    assertThat(ImageSettings.registryOf("localhost/x:1")).isEqualTo("localhost");
    assertThat(ImageSettings.registryOf("127.0.0.1:5000/base/jre:1")).isEqualTo("127.0.0.1:5000");
  }

  @Test
  void badInputIsRefusedWithWhatToSet() {
    Map<String, String> none = env();
    none.remove("REGISTRY_HOST");
    assertThatThrownBy(() -> ImageSettings.fromEnvironment(none)).hasMessageContaining("REGISTRY_HOST is not set");
    assertThatThrownBy(() -> ImageSettings.fromEnvironment(env("REGISTRY_HOST", "http://127.0.0.1:5000")))
        .hasMessageContaining("without scheme");
    assertThatThrownBy(() -> ImageSettings.fromEnvironment(env("DP_IMAGE_TAG", "bad tag")))
        .hasMessageContaining("not a valid image tag");
    assertThatThrownBy(() -> ImageSettings.fromEnvironment(env("REGISTRY_INSECURE", "yes")))
        .hasMessageContaining("REGISTRY_INSECURE must be true or false");
    assertThatThrownBy(() -> ImageSettings.fromEnvironment(env("DP_IMAGE_JAVA", "java")))
        .hasMessageContaining("absolute path");
    assertThatThrownBy(() -> ImageSettings.fromEnvironment(env("REGISTRY_USERNAME", "u")))
        .hasMessageContaining("REGISTRY_USERNAME and REGISTRY_PASSWORD");
  }

  @Test
  void thePasswordNeverShowsInToString() {
    ImageSettings s = ImageSettings.fromEnvironment(env("REGISTRY_USERNAME", "ci", "REGISTRY_PASSWORD", "s3cret-pw"));
    assertThat(s.toString()).contains("ci").doesNotContain("s3cret-pw");
  }

  @Test
  void unknownImageNamesAreRefusedBeforeAnyBuild() {
    assertThatThrownBy(() -> ImagesMain.run(env(), "apii")).hasMessageContaining("unknown image 'apii'");
  }
}
