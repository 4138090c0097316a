package io.deploymcp.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingSourcesTest {
  private final SettingSources sources =
      SettingSources.of(Optional.of(List.of("BUILDKIT_HOST", " DP_BASE_IMAGE_STATIC", "REGISTRY_HOST", "", "DP_BASE_IMAGE_NODE")));

  @Test
  void aDetectedSettingSaysSo() {
    ComponentStatus status = sources.annotate(ComponentStatus.ok("Docker engine socket /var/run/docker.sock exists"), "BUILDKIT_HOST");

    assertThat(status.source()).isEqualTo("detected");
    assertThat(status.reason()).isEqualTo(
        "Docker engine socket /var/run/docker.sock exists (BUILDKIT_HOST detected by the local stack)");
    assertThat(status.state()).isEqualTo(ComponentState.OK);
  }

  @Test
  void aSettingNotDetectedWasSetByHandEvenWhenItDoesNotAnswer() {
    ComponentStatus status = sources.annotate(ComponentStatus.unreachable("kubeconfig /k is not readable"), "KUBECONFIG");

    assertThat(status.source()).isEqualTo("environment");
    assertThat(status.reason()).isEqualTo("kubeconfig /k is not readable");
    assertThat(status.state()).isEqualTo(ComponentState.UNREACHABLE);
  }

  @Test
  void notConfiguredHasNoSource() {
    ComponentStatus status = sources.annotate(ComponentStatus.notConfigured("BUILDKIT_HOST is not set"), "BUILDKIT_HOST");

    assertThat(status.source()).isNull();
  }

  @Test
  void withoutTheLocalStackEverySettingIsFromTheEnvironment() {
    SettingSources none = SettingSources.of(Optional.empty());

    assertThat(none.annotate(ComponentStatus.ok("registry answers"), "REGISTRY_HOST").source()).isEqualTo("environment");
    assertThat(none.detectedBaseImages()).isEmpty();
  }

  @Test
  void listsTheDetectedBaseImagesSorted() {
    assertThat(sources.detectedBaseImages()).containsExactly("DP_BASE_IMAGE_NODE", "DP_BASE_IMAGE_STATIC");
  }
}
