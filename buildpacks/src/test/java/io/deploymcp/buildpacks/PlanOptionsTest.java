package io.deploymcp.buildpacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanOptionsTest {

  @Test
  void defaults() {
    PlanOptions options = new PlanOptions(null, 8080, null, null, null);

    assertThat(options.dockerfilePath()).isEqualTo("Dockerfile");
    assertThat(options.baseImages()).isEqualTo(BaseImages.none());
    assertThat(options.buildArgKeys()).isEmpty();
    assertThat(options.secretKeys()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1ST", "WITH-DASH", "WITH SPACE", "NEW\nLINE", "A=B", "$HOME"})
  void rejectsKeysThatAreNotEnvNames(String key) {
    assertThatThrownBy(() -> Fixtures.options().withEnvKeys(Set.of(key), Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fixtures.options().withEnvKeys(Set.of(), Set.of(key)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsAKeyThatIsPlainAndSecret() {
    assertThatThrownBy(() -> Fixtures.options().withEnvKeys(Set.of("TOKEN"), Set.of("TOKEN")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TOKEN");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65536})
  void rejectsPortsOutOfRange(int port) {
    assertThatThrownBy(() -> Fixtures.options().withPort(port))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysAreSorted() {
    PlanOptions options = Fixtures.options().withEnvKeys(Set.of("B", "A", "_C"), Set.of("Z", "Y"));

    assertThat(options.buildArgKeys()).containsExactly("A", "B", "_C");
    assertThat(options.secretKeys()).containsExactly("Y", "Z");
  }
}
