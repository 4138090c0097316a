package io.deploymcp.buildkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.buildkit.connection.BuildKitAddress;
import io.deploymcp.buildkit.connection.BuildKitConnection;
import io.deploymcp.buildkit.connection.BuildKitTls;
import io.deploymcp.buildkit.support.FakeBuildKit;
import io.deploymcp.buildkit.support.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tcp://} with TLS against a real grpc-java TLS server standing in for buildkitd, with
 * certificates made per test run by {@link TestPki}.
 */
class TlsBuildKitClientTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private TestPki pki;
  private TestPki.Issued server;

  @BeforeEach
  void makeCertificates() throws Exception {
    pki = TestPki.create(dir, "buildkit");
    server = pki.server("buildkitd", List.of("localhost"), List.of("127.0.0.1"));
  }

  private static BuildKitAddress loopback(FakeBuildKit buildkit) {
    return BuildKitAddress.parse("tcp://127.0.0.1:" + buildkit.port());
  }

  private static List<WorkerInfo> listWorkers(BuildKitAddress address, BuildKitTls tls) {
    try (BuildKitConnection connection = BuildKitConnection.open(address, Optional.of(tls))) {
      return new BuildKitClient(connection, TIMEOUT).listWorkers();
    }
  }

  @Test
  void listsWorkersOverTls() throws Exception {
    try (FakeBuildKit buildkit = FakeBuildKit.onLoopbackPortWithTls(server.cert(), server.key(), null)) {

      assertThat(listWorkers(loopback(buildkit), BuildKitTls.of(pki.caCertFile())))
          .extracting(WorkerInfo::id)
          .containsExactly("fake-worker");
    }
  }

  @Test
  void mutualTlsPresentsTheClientCertificate() throws Exception {
    TestPki.Issued client = pki.client("worker");
    try (FakeBuildKit buildkit =
        FakeBuildKit.onLoopbackPortWithTls(server.cert(), server.key(), pki.caCertFile())) {

      BuildKitTls tls = BuildKitTls.of(pki.caCertFile()).withClientCertificate(client.cert(), client.key());

      assertThat(listWorkers(loopback(buildkit), tls)).extracting(WorkerInfo::id).containsExactly("fake-worker");
    }
  }

  @Test
  void mutualTlsWithoutAClientCertificateIsRefusedAsAFailedHandshake() throws Exception {
    try (FakeBuildKit buildkit =
        FakeBuildKit.onLoopbackPortWithTls(server.cert(), server.key(), pki.caCertFile())) {

      assertThatThrownBy(() -> listWorkers(loopback(buildkit), BuildKitTls.of(pki.caCertFile())))
          .isInstanceOfSatisfying(BuildKitException.class, e -> {
            assertThat(e.code()).isEqualTo(BuildKitErrorCode.BUILDKIT_UNREACHABLE);
            assertThat(e.getMessage()).contains("TLS handshake failed: the daemon wants a client certificate");
            assertThat(e.hint()).contains("BUILDKIT_TLS_CERT");
          });
    }
  }

  @Test
  void aClientCertificateFromAnotherCaIsRefused() throws Exception {
    TestPki other = TestPki.create(dir, "other");
    TestPki.Issued stranger = other.client("stranger");
    try (FakeBuildKit buildkit =
        FakeBuildKit.onLoopbackPortWithTls(server.cert(), server.key(), pki.caCertFile())) {

      BuildKitTls tls = BuildKitTls.of(pki.caCertFile()).withClientCertificate(stranger.cert(), stranger.key());

      assertThatThrownBy(() -> listWorkers(loopback(buildkit), tls))
          .isInstanceOfSatisfying(BuildKitException.class, e -> {
            assertThat(e.code()).isEqualTo(BuildKitErrorCode.BUILDKIT_UNREACHABLE);
            assertThat(e.getMessage()).contains("TLS handshake failed: the daemon wants a client certificate");
          });
    }
  }

  @Test
  void aClientKeyThatIsNotTheCertificatesFailsTheHandshake() throws Exception {
    TestPki.Issued client = pki.client("worker");
    TestPki.Issued other = pki.client("other");
    try (FakeBuildKit buildkit =
        FakeBuildKit.onLoopbackPortWithTls(server.cert(), server.key(), pki.caCertFile())) {

      // Both files load on their own: netty only finds out they do not match when it uses them.
      BuildKitTls tls = BuildKitTls.of(pki.caCertFile()).withClientCertificate(client.cert(), other.key());

      assertThatThrownBy(() -> listWorkers(loopback(buildkit), tls))
          .isInstanceOfSatisfying(BuildKitException.class, e -> {
            assertThat(e.code()).isEqualTo(BuildKitErrorCode.BUILDKIT_UNREACHABLE);
            assertThat(e.getMessage())
                .contains("TLS handshake failed: BUILDKIT_TLS_KEY is not the key of the certificate in BUILDKIT_TLS_CERT");
          });
    }
  }

  @Test
  void aServerCertificateFromAnotherCaFailsTheHandshake() throws Exception {
    TestPki other = TestPki.create(dir, "other");
    try (FakeBuildKit buildkit = FakeBuildKit.onLoopbackPortWithTls(server.cert(), server.key(), null)) {

      assertThatThrownBy(() -> listWorkers(loopback(buildkit), BuildKitTls.of(other.caCertFile())))
          .isInstanceOfSatisfying(BuildKitException.class, e -> {
            assertThat(e.code()).isEqualTo(BuildKitErrorCode.BUILDKIT_UNREACHABLE);
            assertThat(e.getMessage())
                .contains("TLS handshake failed: the daemon's certificate is not signed by the CA in BUILDKIT_TLS_CA_CERT");
            assertThat(e.hint()).contains("BUILDKIT_TLS_CA_CERT");
          });
    }
  }

  @Test
  void serverNameOverrideChecksTheCertificateForThatName() throws Exception {
    TestPki.Issued named = pki.server("named", List.of("buildkitd.internal"), List.of());
    try (FakeBuildKit buildkit = FakeBuildKit.onLoopbackPortWithTls(named.cert(), named.key(), null)) {
      BuildKitTls tls = BuildKitTls.of(pki.caCertFile());

      // The certificate does not name 127.0.0.1: without the override the hostname check fails ...
      assertThatThrownBy(() -> listWorkers(loopback(buildkit), tls))
          .isInstanceOfSatisfying(BuildKitException.class, e -> {
            assertThat(e.code()).isEqualTo(BuildKitErrorCode.BUILDKIT_UNREACHABLE);
            assertThat(e.getMessage()).contains("TLS handshake failed: the daemon's certificate is not issued for the name");
          });
      // ... with it, the same daemon is trusted.
      assertThat(listWorkers(loopback(buildkit), tls.withServerName("buildkitd.internal")))
          .extracting(WorkerInfo::id)
          .containsExactly("fake-worker");
    }
  }

  @Test
  void tlsToAPlaintextDaemonSaysTheHandshakeFailed() throws Exception {
    try (FakeBuildKit buildkit = FakeBuildKit.onLoopbackPort()) {

      assertThatThrownBy(() -> listWorkers(loopback(buildkit), BuildKitTls.of(pki.caCertFile())))
          .isInstanceOfSatisfying(BuildKitException.class, e -> {
            assertThat(e.code()).isEqualTo(BuildKitErrorCode.BUILDKIT_UNREACHABLE);
            assertThat(e.getMessage()).contains("TLS handshake failed: the daemon answered in plaintext");
          });
    }
  }

  @Test
  void tlsIsRefusedForUnixAndEngineAddressesBeforeAnythingOpens() {
    BuildKitTls tls = BuildKitTls.of(pki.caCertFile());
    for (String host : new String[] {"unix:///run/buildkit/buildkitd.sock", "docker://"}) {
      assertThatThrownBy(() -> BuildKitConnection.open(BuildKitAddress.parse(host), Optional.of(tls)))
          .as(host)
          .isInstanceOfSatisfying(BuildKitException.class, e -> {
            assertThat(e.code()).isEqualTo(BuildKitErrorCode.BUILDKIT_TLS_INVALID);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("tcp:// only", host.substring(0, host.indexOf("://") + 3));
          });
    }
  }
}
