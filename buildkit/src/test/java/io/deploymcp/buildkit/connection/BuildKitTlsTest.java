package io.deploymcp.buildkit.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.buildkit.BuildKitErrorCode;
import io.deploymcp.buildkit.BuildKitException;
import io.deploymcp.buildkit.support.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS settings are checked when they are made: files, pairs, PEM content, names. */
class BuildKitTlsTest {
  /** Stands in for file content that must never reach a message. */
  private static final String CONTENT = "Zm9vYmFyLXNlY3JldC1ieXRlcw";

  @TempDir Path dir;
  private TestPki pki;
  private TestPki.Issued client;

  @BeforeEach
  void makeCertificates() throws Exception {
    pki = TestPki.create(dir, "buildkit");
    client = pki.client("worker");
  }

  private static BuildKitException refused(ThrowingCallable call) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(thrown).isInstanceOf(BuildKitException.class);
    BuildKitException e = (BuildKitException) thrown;
    assertThat(e.code()).isEqualTo(BuildKitErrorCode.BUILDKIT_TLS_INVALID);
    assertThat(e.retryable()).isFalse();
    assertThat(e.hint()).contains("BUILDKIT_TLS_CA_CERT", "BUILDKIT_TLS_CERT", "BUILDKIT_TLS_KEY");
    return e;
  }

  @Test
  void acceptsACaAloneAndACaWithAClientPairAndAServerName() {
    assertThat(BuildKitTls.of(pki.caCertFile()).clientCert()).isEmpty();

    BuildKitTls full = BuildKitTls.of(pki.caCertFile())
        .withClientCertificate(client.cert(), client.key())
        .withServerName("buildkitd.internal");

    assertThat(full.clientKey()).hasValue(client.key());
    assertThat(full.serverName()).hasValue("buildkitd.internal");
  }

  @Test
  void noSettingsMeanNoTls() {
    assertThat(BuildKitTls.fromSettings(null, "", "  ", null)).isEmpty();
  }

  @Test
  void settingsBecomeTheRecord() {
    assertThat(BuildKitTls.fromSettings(
            " " + pki.caCertFile() + " ", client.cert().toString(), client.key().toString(), "buildkitd"))
        .hasValue(new BuildKitTls(
            pki.caCertFile(), Optional.of(client.cert()), Optional.of(client.key()), Optional.of("buildkitd")));
  }

  @Test
  void anyTlsSettingWithoutTheCaIsRefusedNamingBoth() {
    assertThat(refused(() -> BuildKitTls.fromSettings(null, client.cert().toString(), client.key().toString(), null)))
        .hasMessageContaining("BUILDKIT_TLS_CERT is set but BUILDKIT_TLS_CA_CERT is not");
    assertThat(refused(() -> BuildKitTls.fromSettings("", null, null, "buildkitd")))
        .hasMessageContaining("BUILDKIT_TLS_SERVER_NAME is set but BUILDKIT_TLS_CA_CERT is not");
  }

  @Test
  void aCertificateWithoutItsKeyIsRefused() {
    assertThat(refused(() -> BuildKitTls.fromSettings(pki.caCertFile().toString(), client.cert().toString(), null, null)))
        .hasMessageContaining("BUILDKIT_TLS_CERT is set but BUILDKIT_TLS_KEY is not");
    assertThat(refused(() -> new BuildKitTls(pki.caCertFile(), Optional.empty(), Optional.of(client.key()), Optional.empty())))
        .hasMessageContaining("BUILDKIT_TLS_KEY is set but BUILDKIT_TLS_CERT is not");
  }

  @Test
  void aMissingFileIsRefusedNamingTheSettingAndPath() {
    Path absent = dir.resolve("absent.pem");

    assertThat(refused(() -> BuildKitTls.of(absent)))
        .hasMessage("BUILDKIT_TLS_CA_CERT: no file at " + absent);
    assertThat(refused(() -> BuildKitTls.of(pki.caCertFile()).withClientCertificate(client.cert(), absent)))
        .hasMessage("BUILDKIT_TLS_KEY: no file at " + absent);
    assertThat(refused(() -> BuildKitTls.of(dir)))
        .hasMessage("BUILDKIT_TLS_CA_CERT: " + dir + " is not a readable file");
  }

  @Test
  void filesWithoutUsablePemAreRefusedWithoutQuotingThem() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.pem"),
        "-----BEGIN CERTIFICATE-----\n" + CONTENT + "\n-----END CERTIFICATE-----\n");
    // A certificate where the key belongs: readable PEM, but no private key.
    Path certAsKey = client.cert();

    assertThat(refused(() -> BuildKitTls.of(garbage)))
        .hasMessage("BUILDKIT_TLS_CA_CERT: " + garbage + " does not hold a PEM certificate")
        .hasMessageNotContaining(CONTENT);
    assertThat(refused(() -> BuildKitTls.of(pki.caCertFile()).withClientCertificate(garbage, client.key())))
        .hasMessage("BUILDKIT_TLS_CERT: " + garbage + " does not hold a PEM certificate");
    assertThat(refused(() -> BuildKitTls.of(pki.caCertFile()).withClientCertificate(client.cert(), certAsKey)))
        .hasMessage("BUILDKIT_TLS_KEY: " + certAsKey + " does not hold an unencrypted PKCS#8 PEM private key");
  }

  @Test
  void aServerNameMustBeAHostName() {
    BuildKitTls tls = BuildKitTls.of(pki.caCertFile());

    assertThat(refused(() -> tls.withServerName("buildkitd internal")))
        .hasMessageContaining("BUILDKIT_TLS_SERVER_NAME is not a host name");
    assertThat(refused(() -> tls.withServerName("user@buildkitd"))).hasMessageNotContaining("user@");
    assertThat(tls.withServerName("10.0.0.7").serverName()).hasValue("10.0.0.7");
  }

  @Test
  void isRefusedForUnixAndEngineAddresses() {
    BuildKitTls tls = BuildKitTls.of(pki.caCertFile());

    tls.requireUsableWith(new BuildKitAddress.Tcp("buildkitd", 1234));
    assertThat(refused(() -> tls.requireUsableWith(new BuildKitAddress.Unix(Path.of("/run/buildkit/buildkitd.sock")))))
        .hasMessageContaining("apply to tcp:// only, but BUILDKIT_HOST is unix://");
    assertThat(refused(() -> tls.requireUsableWith(new BuildKitAddress.DockerEngine(BuildKitAddress.DEFAULT_DOCKER_SOCKET))))
        .hasMessageContaining("BUILDKIT_HOST is docker://");
  }
}
