package io.deploymcp.buildkit.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.buildkit.connection.BuildKitAddress;
import io.deploymcp.buildkit.connection.BuildKitConnection;
import io.deploymcp.buildkit.filesync.FileSyncServer;
import io.deploymcp.buildkit.proto.secrets.GetSecretRequest;
import io.deploymcp.buildkit.proto.secrets.SecretsGrpc;
import io.deploymcp.buildkit.support.DiffCopyReceiver;
import io.deploymcp.buildkit.support.FakeBuildKit;
import io.deploymcp.buildkit.support.FakeControl;
import io.deploymcp.buildkit.support.FakeDaemonSession;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session server through a real Control.Session stream: a stand-in daemon (FakeControl on a
 * unix socket) runs a gRPC client inside the tunnel and calls what BuildKit calls.
 */
class BuildSessionTest {
  @TempDir Path dir;

  private FakeControl daemon;
  private FakeBuildKit buildkit;
  private BuildKitConnection connection;

  @BeforeEach
  void start() throws Exception {
    daemon = new FakeControl();
    Path socket = dir.resolve("buildkitd.sock");
    buildkit = FakeBuildKit.onUnixSocket(socket, daemon.definition());
    connection = BuildKitConnection.open(new BuildKitAddress.Unix(socket));
  }

  @AfterEach
  void stop() throws Exception {
    connection.close();
    buildkit.close();
    daemon.shutdown();
  }

  @Test
  void announcesItselfAndEveryServedMethodInTheSessionHeaders() throws Exception {
    try (BuildSession session = open(Map.of("context", dir), Map.of())) {
      FakeDaemonSession seen = daemon.awaitSession();

      assertThat(seen.header("x-docker-expose-session-uuid")).containsExactly(session.id());
      assertThat(seen.header("x-docker-expose-session-name")).containsExactly("test-build");
      assertThat(seen.header("x-docker-expose-session-sharedkey")).containsExactly("workspace-key");
      assertThat(seen.header("x-docker-expose-session-grpc-method"))
          .contains(BuildSession.HEALTH_CHECK_METHOD, FileSyncServer.DIFF_COPY_METHOD, SecretsServer.GET_SECRET_METHOD);
    }
  }

  @Test
  void answersTheDaemonsHealthChecksThroughTheTunnel() throws Exception {
    try (BuildSession session = open(Map.of(), Map.of())) {
      FakeDaemonSession seen = daemon.awaitSession();

      for (int i = 0; i < 3; i++) {
        HealthCheckResponse health = HealthGrpc.newBlockingStub(seen.channel())
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance());
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
      }
      assertThat(session.ended()).isNotDone();
    }
  }

  @Test
  void servesSecretsByIdAndNamesOnlyTheIdOfAMissingOne() throws Exception {
    byte[] value = "s3cr3t-value".getBytes(StandardCharsets.UTF_8);
    try (BuildSession session = open(Map.of(), Map.of("npm_token", value))) {
      FakeDaemonSession seen = daemon.awaitSession();
      SecretsGrpc.SecretsBlockingStub secrets =
          SecretsGrpc.newBlockingStub(seen.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);

      assertThat(secrets.getSecret(GetSecretRequest.newBuilder().setID("npm_token").build()).getData().toByteArray())
          .isEqualTo(value);
      assertThatThrownBy(() -> secrets.getSecret(GetSecretRequest.newBuilder().setID("other").build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(e.getMessage()).contains("other").doesNotContain("s3cr3t");
          });
    }
  }

  @Test
  void sendsANamedDirectoryOverDiffCopyInsideTheTunnel() throws Exception {
    Path context = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(context.resolve("app.txt"), "hello from the context\n");
    Files.createDirectories(context.resolve("src"));
    Files.writeString(context.resolve("src/main.js"), "console.log(1)\n");
    try (BuildSession session = open(Map.of("context", context), Map.of())) {
      FakeDaemonSession seen = daemon.awaitSession();

      DiffCopyReceiver.Result result =
          DiffCopyReceiver.receive(seen.channel(), Map.of("dir-name", List.of("context")), stat -> true);

      assertThat(result.paths()).containsExactly("app.txt", "src", "src/main.js");
      assertThat(new String(result.contents().get("src/main.js"), StandardCharsets.UTF_8)).isEqualTo("console.log(1)\n");
      assertThat(result.finEchoed()).isTrue();
    }
  }

  @Test
  void refusesADirectoryItWasNotGiven() throws Exception {
    try (BuildSession session = open(Map.of("context", dir), Map.of())) {
      FakeDaemonSession seen = daemon.awaitSession();

      assertThatThrownBy(() ->
              DiffCopyReceiver.receive(seen.channel(), Map.of("dir-name", List.of("../etc")), stat -> true))
          .hasMessageContaining("NOT_FOUND")
          .hasMessageContaining("no access allowed to dir");
    }
  }

  @Test
  void closingEndsTheSessionCallOnTheDaemonsSide() throws Exception {
    BuildSession session = open(Map.of(), Map.of());
    FakeDaemonSession seen = daemon.awaitSession();

    session.close();

    assertThat(seen.clientEnded().get(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(session.ended().get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);
  }

  @Test
  void aDaemonHangingUpEndsTheSessionWithAReason() throws Exception {
    try (BuildSession session = open(Map.of(), Map.of())) {
      FakeDaemonSession seen = daemon.awaitSession();

      seen.hangUp();

      Status ended = session.ended().get(10, TimeUnit.SECONDS);
      assertThat(ended.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(ended.getDescription()).contains("ended the session");
    }
  }

  private BuildSession open(Map<String, Path> dirs, Map<String, byte[]> secrets) {
    FileSyncServer fileSync = new FileSyncServer(dirs, Thread.ofVirtual().factory());
    return BuildSession.open(connection.controlAsync(), "test-build", "workspace-key",
        List.of(fileSync.service(), new SecretsServer(secrets).bindService()));
  }
}
