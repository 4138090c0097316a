package io.deploymcp.buildkit.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.deploymcp.buildkit.BuildKitErrorCode;
import io.deploymcp.buildkit.connection.BuildKitAddress;
import io.deploymcp.buildkit.connection.BuildKitConnection;
import io.deploymcp.buildkit.connection.BuildKitTls;
import io.deploymcp.buildkit.proto.control.SolveResponse;
import io.deploymcp.buildkit.support.DiffCopyReceiver;
import io.deploymcp.buildkit.support.FakeBuildKit;
import io.deploymcp.buildkit.support.FakeControl;
import io.deploymcp.buildkit.support.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole build (Solve, Status and the session tunnel with file sync) over mutual TLS, against
 * the scripted stand-in daemon behind a grpc-java TLS server that requires client certificates.
 */
class TlsImageBuilderTest {
  @TempDir Path dir;

  private TestPki pki;
  private TestPki.Issued client;
  private FakeControl daemon;
  private FakeBuildKit server;
  private Path context;

  @BeforeEach
  void start() throws Exception {
    pki = TestPki.create(dir, "buildkit");
    TestPki.Issued serverCert = pki.server("buildkitd", List.of("localhost"), List.of("127.0.0.1"));
    client = pki.client("worker");
    daemon = new FakeControl();
    server = FakeBuildKit.onLoopbackPortWithTls(serverCert.cert(), serverCert.key(), pki.caCertFile(), daemon.definition());
    context = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(context.resolve("Dockerfile"), "FROM 127.0.0.1:5000/base/busybox:1\n");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    daemon.shutdown();
  }

  private BuildKitConnection open(BuildKitTls tls) {
    return BuildKitConnection.open(new BuildKitAddress.Tcp("127.0.0.1", server.port()), Optional.of(tls));
  }

  private BuildRequest request() {
    return BuildRequest.builder(context, new ImageExport.RegistryExport("127.0.0.1:5000/t/app:1", true, true)).build();
  }

  @Test
  void buildsWithTheSessionTunnelOverMutualTls() throws Exception {
    CompletableFuture<DiffCopyReceiver.Result> synced = new CompletableFuture<>();
    daemon.solve = (request, response, fake) -> {
      synced.complete(DiffCopyReceiver.receive(
          fake.awaitSession().channel(), Map.of("dir-name", List.of("context")), s -> true));
      response.onNext(SolveResponse.newBuilder().putExporterResponse("containerimage.digest", "sha256:abc").build());
      response.onCompleted();
    };
    BuildKitTls tls = BuildKitTls.of(pki.caCertFile()).withClientCertificate(client.cert(), client.key());

    try (BuildKitConnection connection = open(tls)) {
      BuildResult result = new ImageBuilder(connection).build(request(), BuildProgressListener.NONE);

      assertThat(result.imageDigest()).hasValue("sha256:abc");
      assertThat(synced.get().paths()).containsExactly("Dockerfile");
    }
  }

  @Test
  void aBuildWithoutTheClientCertificateIsUnreachableAndSaysWhy() {
    try (BuildKitConnection connection = open(BuildKitTls.of(pki.caCertFile()))) {
      BuildFailedException failure = catchThrowableOfType(BuildFailedException.class,
          () -> new ImageBuilder(connection).build(request(), BuildProgressListener.NONE));

      assertThat(failure.code()).isEqualTo(BuildKitErrorCode.BUILDKIT_UNREACHABLE);
      assertThat(failure.getMessage()).contains("TLS handshake failed", "client certificate");
      assertThat(failure.hint()).contains("BUILDKIT_TLS_CERT", "BUILDKIT_TLS_KEY");
    }
  }
}
