package io.deploymcp.buildkit.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.buildkit.BuildKitErrorCode;
import io.deploymcp.buildkit.BuildKitException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BuildKitAddressTest {

  @Test
  void parsesBuildkitdUnixSocket() {
    assertThat(BuildKitAddress.parse("unix:///run/buildkit/buildkitd.sock"))
        .isEqualTo(new BuildKitAddress.Unix(Path.of("/run/buildkit/buildkitd.sock")));
  }

  @Test
  void dockerSchemeWithoutPathMeansTheDefaultEngineSocket() {
    assertThat(BuildKitAddress.parse("docker://"))
        .isEqualTo(new BuildKitAddress.DockerEngine(Path.of("/var/run/docker.sock")));
  }

  @Test
  void dockerSchemeTakesAnEngineSocketPath() {
    assertThat(BuildKitAddress.parse(" docker:///srv/docker/engine.sock "))
        .isEqualTo(new BuildKitAddress.DockerEngine(Path.of("/srv/docker/engine.sock")));
  }

  @ParameterizedTest
  @CsvSource({"tcp://buildkitd:1234, buildkitd, 1234", "tcp://127.0.0.1:8372, 127.0.0.1, 8372",
      "'tcp://[::1]:1234', ::1, 1234"})
  void parsesTcpHostAndPort(String value, String host, int port) {
    assertThat(BuildKitAddress.parse(value)).isEqualTo(new BuildKitAddress.Tcp(host, port));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "buildkitd:1234", "unix://relative.sock", "docker://relative",
      "tcp://buildkitd", "tcp://:1234", "tcp://host:port", "tcp://host:0", "tcp://host:70000",
      "tcp://host:1234/path", "tcp://user:secret@host:1234", "docker-container://buildkitd",
      "ssh://host"})
  void rejectsAddressesItCannotUseWithAHint(String value) {
    assertThatThrownBy(() -> BuildKitAddress.parse(value))
        .isInstanceOfSatisfying(BuildKitException.class, e -> {
          assertThat(e.code()).isEqualTo(BuildKitErrorCode.BUILDKIT_HOST_INVALID);
          assertThat(e.hint()).contains("unix://", "tcp://", "docker://");
        });
  }

  @Test
  void neverEchoesWhatFollowsTheScheme() {
    assertThatThrownBy(() -> BuildKitAddress.parse("tcp://user:s3cret@host:1234"))
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> BuildKitAddress.parse("https://user:s3cret@host"))
        .hasMessageContaining("'https'")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> BuildKitAddress.parse(null)).isInstanceOf(BuildKitException.class);
  }
}
