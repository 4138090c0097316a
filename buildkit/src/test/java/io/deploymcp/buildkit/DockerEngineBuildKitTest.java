package io.deploymcp.buildkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.buildkit.connection.BuildKitAddress;
import io.deploymcp.buildkit.connection.BuildKitConnection;
import io.deploymcp.buildkit.support.EngineSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real engine's built-in BuildKit, reached over POST /grpc on the engine socket. */
class DockerEngineBuildKitTest {

  @Test
  void listsTheEngineWorkerWithTheHostPlatform() {
    BuildKitAddress address = new BuildKitAddress.DockerEngine(EngineSocket.require());
    try (BuildKitConnection connection = BuildKitConnection.open(address)) {

      List<WorkerInfo> workers = new BuildKitClient(connection, Duration.ofSeconds(10)).listWorkers();

      System.out.println(BuildKitProbe.describe(address, workers));
      assertThat(workers).isNotEmpty();
      assertThat(workers.getFirst().platforms()).contains("linux/" + hostArchitecture());
    }
  }

  @Test
  void reportsTheSizeOfTheEngineBuildCache() {
    BuildKitAddress address = new BuildKitAddress.DockerEngine(EngineSocket.require());
    try (BuildKitConnection connection = BuildKitConnection.open(address)) {

      CacheUsage usage = new BuildKitClient(connection, Duration.ofSeconds(10)).diskUsage();

      // Sums of what the daemon reported: never negative, the reclaimable part within the whole.
      assertThat(usage.records()).isNotNegative();
      assertThat(usage.bytes()).isNotNegative();
      assertThat(usage.reclaimableBytes()).isBetween(0L, usage.bytes());
      if (usage.records() > 0) {
        assertThat(usage.bytes()).isPositive();
      }
    }
  }

  /** Go's name for this JVM's architecture, as BuildKit reports it. */
  private static String hostArchitecture() {
    return switch (System.getProperty("os.arch")) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> System.getProperty("os.arch");
    };
  }
}
