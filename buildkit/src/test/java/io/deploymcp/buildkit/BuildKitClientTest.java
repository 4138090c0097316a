package io.deploymcp.buildkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.buildkit.connection.BuildKitAddress;
import io.deploymcp.buildkit.connection.BuildKitConnection;
import io.deploymcp.buildkit.support.FakeBuildKit;
import io.deploymcp.buildkit.support.FakeEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of BUILDKIT_HOST against a real grpc-java server standing in for BuildKit. */
class BuildKitClientTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final WorkerInfo EXPECTED =
      new WorkerInfo(
          "fake-worker",
          List.of("linux/amd64", "linux/arm/v7"),
          Map.of("org.mobyproject.buildkit.worker.executor", "oci"),
          Optional.of("v0.99.0-fake"));

  @TempDir Path dir;

  @Test
  void listsWorkersOfABuildkitdOnAUnixSocket() throws Exception {
    Path socket = dir.resolve("buildkitd.sock");
    try (FakeBuildKit buildkit = FakeBuildKit.onUnixSocket(socket);
        BuildKitConnection connection = BuildKitConnection.open(BuildKitAddress.parse("unix://" + socket))) {

      assertThat(new BuildKitClient(connection, TIMEOUT).listWorkers()).containsExactly(EXPECTED);
    }
  }

  @Test
  void listsWorkersOfABuildkitdOnTcp() throws Exception {
    try (FakeBuildKit buildkit = FakeBuildKit.onLoopbackPort();
        BuildKitConnection connection =
            BuildKitConnection.open(BuildKitAddress.parse("tcp://127.0.0.1:" + buildkit.port()))) {

      assertThat(new BuildKitClient(connection, TIMEOUT).listWorkers()).containsExactly(EXPECTED);
    }
  }

  @Test
  void reachesBuildKitBehindAnEngineSocketThroughTheGrpcUpgrade() throws Exception {
    Path buildkitSocket = dir.resolve("buildkitd.sock");
    Path engineSocket = dir.resolve("docker.sock");
    try (FakeBuildKit buildkit = FakeBuildKit.onUnixSocket(buildkitSocket);
        FakeEngine engine = FakeEngine.upgradingTo(engineSocket, buildkitSocket);
        BuildKitConnection connection = BuildKitConnection.open(BuildKitAddress.parse("docker://" + engineSocket))) {

      assertThat(new BuildKitClient(connection, TIMEOUT).listWorkers()).containsExactly(EXPECTED);
      assertThat(engine.requestHeads())
          .singleElement()
          .satisfies(head -> assertThat(head).startsWith("POST /grpc HTTP/1.1\r\n").contains("Upgrade: h2c"));
    }
  }

  @Test
  void engineRefusingTheUpgradeIsUnreachableWithItsStatusLine() throws Exception {
    Path engineSocket = dir.resolve("docker.sock");
    try (FakeEngine engine = FakeEngine.refusing(engineSocket, "HTTP/1.1 403 Forbidden");
        BuildKitConnection connection = BuildKitConnection.open(BuildKitAddress.parse("docker://" + engineSocket))) {

      assertThatThrownBy(() -> new BuildKitClient(connection, TIMEOUT).listWorkers())
          .isInstanceOfSatisfying(BuildKitException.class, e -> {
            assertThat(e.code()).isEqualTo(BuildKitErrorCode.BUILDKIT_UNREACHABLE);
            assertThat(e.getMessage()).contains("UNAVAILABLE", "refused POST /grpc: HTTP/1.1 403 Forbidden");
            assertThat(e.hint()).contains("BUILDKIT_HOST");
          });
    }
  }

  @Test
  void missingSocketIsUnreachableAndSaysWhy() {
    Path missing = dir.resolve("absent.sock");
    try (BuildKitConnection connection = BuildKitConnection.open(BuildKitAddress.parse("unix://" + missing))) {

      assertThatThrownBy(() -> new BuildKitClient(connection, TIMEOUT).listWorkers())
          .isInstanceOfSatisfying(BuildKitException.class, e -> {
            assertThat(e.code()).isEqualTo(BuildKitErrorCode.BUILDKIT_UNREACHABLE);
            assertThat(e.getMessage()).contains("UNAVAILABLE", "no socket exists at " + missing);
          });
    }
  }
}
