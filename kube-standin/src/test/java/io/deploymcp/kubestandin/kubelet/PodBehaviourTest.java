package io.deploymcp.kubestandin.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The text form of a stand-in behaviour (pod annotation, container environment). */
class PodBehaviourTest {

  @ParameterizedTest
  @CsvSource({
      "healthy, Healthy",
      "slow, Slow",
      "image-pull-failed, ImagePullFailure",
      "crash-loop, CrashLoop",
      "oom-killed, OomKilled",
      "probe-failed, ProbeFailure",
      "config-error, ConfigError",
      "unschedulable, Unschedulable",
      "quota-exceeded, QuotaExceeded",
      "' CRASH-LOOP ', CrashLoop",
  })
  void standInBehaviourNamesParse(String text, String type) {
    assertThat(PodBehaviour.parse(text).getClass().getSimpleName()).isEqualTo(type);
  }

  @Test
  void standInBehaviourArgumentsParse() {
    assertThat(PodBehaviour.parse("crash-loop:7")).isEqualTo(new PodBehaviour.CrashLoop(7, PodBehaviour.DEFAULT_CRASH_LOG));
    assertThat(PodBehaviour.parse("probe-failed:503")).isEqualTo(new PodBehaviour.ProbeFailure(503));
    assertThat(PodBehaviour.parse("ready-after:250")).isEqualTo(new PodBehaviour.ReadyAfter(Duration.ofMillis(250)));
  }

  @Test
  void standInUnknownOrIncompleteBehaviourIsAClearError() {
    assertThatThrownBy(() -> PodBehaviour.parse("explode"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown kube-standin behaviour \"explode\"")
        .hasMessageContaining("crash-loop[:<exit code>]");
    assertThatThrownBy(() -> PodBehaviour.parse("ready-after"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs an argument");
    assertThatThrownBy(() -> PodBehaviour.parse("crash-loop:x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a number");
  }
}
