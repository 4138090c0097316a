package io.deploymcp.buildkit.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.buildkit.connection.BuildKitAddress;
import io.deploymcp.buildkit.connection.BuildKitConnection;
import io.deploymcp.buildkit.proto.control.BytesMessage;
import io.deploymcp.buildkit.support.EngineSocket;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Groundwork for the session: proves, against the real engine, that Control.Session over
 * /grpc is accepted and that the daemon then speaks HTTP/2 as the CLIENT inside the tunnel,
 * so our side of the tunnel has to be a gRPC server.
 */
class EngineSessionTunnelTest {
  private static final byte[] HTTP2_CLIENT_PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  @Test
  void daemonOpensAnHttp2ConnectionThroughTheSessionTunnel() throws Exception {
    SessionMetadata session =
        new SessionMetadata(UUID.randomUUID().toString(), "deploy-mcp-test", "test",
            List.of("/moby.filesync.v1.FileSync/DiffCopy", "/grpc.health.v1.Health/Check"));
    CompletableFuture<byte[]> firstBytes = new CompletableFuture<>();

    try (BuildKitConnection connection =
        BuildKitConnection.open(new BuildKitAddress.DockerEngine(EngineSocket.require()))) {
      connection.controlAsync()
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(session.toMetadata()))
          .session(new PrefaceCollector(firstBytes));

      byte[] received = firstBytes.get(20, TimeUnit.SECONDS);

      assertThat(received).startsWith(HTTP2_CLIENT_PREFACE);
    }
  }

  /** Collects tunnel bytes until the HTTP/2 preface is complete, then hangs up. */
  private static final class PrefaceCollector implements ClientResponseObserver<BytesMessage, BytesMessage> {
    private final CompletableFuture<byte[]> done;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private ClientCallStreamObserver<BytesMessage> call;

    PrefaceCollector(CompletableFuture<byte[]> done) {
      this.done = done;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<BytesMessage> requestStream) {
      call = requestStream;
    }

    @Override
    public void onNext(BytesMessage message) {
      received.writeBytes(message.getData().toByteArray());
      if (received.size() >= HTTP2_CLIENT_PREFACE.length) {
        done.complete(received.toByteArray());
        call.cancel("test has what it needs", null);
      }
    }

    @Override
    public void onError(Throwable error) {
      done.completeExceptionally(error);
    }

    @Override
    public void onCompleted() {
      done.complete(received.toByteArray());
    }
  }
}
