package io.deploymcp.buildkit.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.buildkit.connection.BuildKitAddress;
import io.deploymcp.buildkit.connection.BuildKitConnection;
import io.deploymcp.buildkit.filesync.FileSyncServer;
import io.deploymcp.buildkit.support.EngineSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The session server against the real engine: its Go gRPC client must keep health-checking us. */
class EngineBuildSessionTest {

  @Test
  void theEngineHealthChecksTheSessionEverySecondAndKeepsIt() throws Exception {
    try (BuildKitConnection connection =
            BuildKitConnection.open(new BuildKitAddress.DockerEngine(EngineSocket.require()));
        BuildSession session = BuildSession.open(connection.controlAsync(), "engine-session-test", "test",
            List.of(new FileSyncServer(Map.of(), Thread.ofVirtual().factory()).service()))) {

      long deadline = System.nanoTime() + 8_000_000_000L;
      while (session.healthChecks() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }

      assertThat(session.healthChecks()).isGreaterThanOrEqualTo(2);
      assertThat(session.ended()).isNotDone();
    }
  }
}
