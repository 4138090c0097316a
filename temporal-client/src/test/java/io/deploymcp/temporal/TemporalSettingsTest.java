package io.deploymcp.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.deploymcp.temporal.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every TEMPORAL_* variable, good and bad: one plain problem per bad variable, no secret in it. */
class TemporalSettingsTest {
  static TestCertificates.Ca ca;
  static TestCertificates.Issued client;
  static TestCertificates.Issued other;
  static TestCertificates.Issued rsa;

  @TempDir Path tmp;

  @BeforeAll
  static void certificates() {
    ca = TestCertificates.newCa("settings test CA");
    client = ca.client("worker");
    other = ca.client("someone-else");
    // RSA key generation is the slow part of this class: one for every test.
    rsa = ca.client("rsa-worker", "RSA");
  }

  private static TemporalSettings parse(Map<String, String> variables) {
    return TemporalSettings.fromVariables(variables::get);
  }

  private static List<String> problems(Map<String, String> variables) {
    var e = catchThrowableOfType(InvalidTemporalSettingsException.class, () -> parse(variables));
    assertThat(e).as("settings should be refused").isNotNull();
    for (String problem : e.problems()) {
      // No key material, whatever the variable held.
      assertThat(problem).doesNotContain("MII").doesNotContain("KEY-----").doesNotContain("CERTIFICATE-----")
          .doesNotContain("sekret");
    }
    assertThat(e.getMessage()).doesNotContain("KEY-----").doesNotContain("sekret");
    return e.problems();
  }

  private Map<String, String> mtls() {
    Map<String, String> variables = new HashMap<>();
    variables.put("TEMPORAL_TLS_CERT", client.certificatePem());
    variables.put("TEMPORAL_TLS_KEY", client.keyPem());
    variables.put("TEMPORAL_TLS_CA", ca.certificatePem());
    return variables;
  }

  @Test
  void noVariablesMeanTheLocalStackInPlaintext() {
    TemporalSettings settings = TemporalSettings.local();
    assertThat(settings.address()).isEqualTo("127.0.0.1:7233");
    assertThat(settings.namespace()).isEqualTo("default");
    assertThat(settings.tls()).isEmpty();
    assertThat(settings.cloud()).isFalse();
    assertThat(settings.describe()).isEqualTo("127.0.0.1:7233 (namespace default, plaintext)");
  }

  @Test
  void acceptsPemContentForEveryTlsVariable() {
    TemporalSettings settings = parse(mtls());
    assertThat(settings.tls()).hasValueSatisfying(tls -> {
      assertThat(tls.mutual()).isTrue();
      assertThat(tls.trustedCas()).containsExactly(ca.certificate());
    });
    assertThat(settings.describe()).contains("client certificate CN=worker").contains("TEMPORAL_TLS_CA")
        .doesNotContain("BEGIN");
  }

  @Test
  void acceptsFilePathsAsTheChartMountsThem() throws Exception {
    Path dir = client.writeTo(tmp.resolve("temporal-tls"));
    Files.writeString(dir.resolve("ca.crt"), ca.certificatePem());
    TemporalSettings settings = parse(Map.of(
        "TEMPORAL_TLS_CERT", dir.resolve("tls.crt").toString(),
        "TEMPORAL_TLS_KEY", dir.resolve("tls.key").toString(),
        "TEMPORAL_TLS_CA", dir.resolve("ca.crt").toString()));
    assertThat(settings.tls()).hasValueSatisfying(tls -> assertThat(tls.clientChain()).containsExactly(client.certificate()));
  }

  @Test
  void acceptsTraditionalRsaAndEcKeysAndOneLinePems() {
    assertThat(rsa.keyPemTraditional()).contains("BEGIN RSA PRIVATE KEY");
    assertThat(parse(Map.of("TEMPORAL_TLS_CERT", rsa.certificatePem(), "TEMPORAL_TLS_KEY", rsa.keyPemTraditional())).tls())
        .isPresent();
    assertThat(client.keyPemTraditional()).contains("BEGIN EC PRIVATE KEY");
    assertThat(parse(Map.of(
            "TEMPORAL_TLS_CERT", client.certificatePem().replace("\n", "\\n"),
            "TEMPORAL_TLS_KEY", client.keyPemTraditional())).tls())
        .isPresent();
  }

  @Test
  void rejectsCertificateWithoutKeyAndKeyWithoutCertificate() {
    assertThat(problems(Map.of("TEMPORAL_TLS_CERT", client.certificatePem())))
        .containsExactly("TEMPORAL_TLS_KEY: not set, but TEMPORAL_TLS_CERT is: mTLS needs both (or neither)");
    assertThat(problems(Map.of("TEMPORAL_TLS_KEY", client.keyPem())))
        .containsExactly("TEMPORAL_TLS_CERT: not set, but TEMPORAL_TLS_KEY is: mTLS needs both (or neither)");
  }

  @Test
  void rejectsAKeyThatDoesNotMatchTheCertificate() {
    Map<String, String> variables = mtls();
    variables.put("TEMPORAL_TLS_KEY", other.keyPem());
    assertThat(problems(variables))
        .containsExactly("TEMPORAL_TLS_KEY: does not match the certificate in TEMPORAL_TLS_CERT (CN=worker)");
    variables.put("TEMPORAL_TLS_KEY", rsa.keyPem());
    assertThat(problems(variables)).hasSize(1).first().asString().contains("does not match");
  }

  @Test
  void rejectsMissingUnreadableAndNonPemFilesNamingThePath() throws Exception {
    Path missing = tmp.resolve("tls.crt");
    Path notPem = Files.writeString(tmp.resolve("tls.key"), "just text");
    Path unreadable = Files.writeString(tmp.resolve("ca.crt"), ca.certificatePem());
    Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
    boolean root = Files.isReadable(unreadable);
    List<String> problems = problems(Map.of(
        "TEMPORAL_TLS_CERT", missing.toString(),
        "TEMPORAL_TLS_KEY", notPem.toString(),
        "TEMPORAL_TLS_CA", unreadable.toString()));
    assertThat(problems).contains(
        "TEMPORAL_TLS_CERT: file " + missing + " does not exist",
        "TEMPORAL_TLS_KEY: file " + notPem + " is not PEM (no -----BEGIN line)");
    if (!root) {
      // root reads any file, so this one is only checkable as another user.
      assertThat(problems).contains(
          "TEMPORAL_TLS_CA: file " + unreadable + " is not readable by this process (check its mode and owner)");
    }
    assertThat(problems(Map.of("TEMPORAL_TLS_CA", tmp.toString())))
        .containsExactly("TEMPORAL_TLS_CA: " + tmp + " is a folder, not a PEM file");
  }

  @Test
  void neverEchoesAValueThatIsNeitherPemNorAPath() {
    // A key pasted without its BEGIN line: not shown back.
    assertThat(problems(Map.of("TEMPORAL_TLS_CERT", client.certificatePem(), "TEMPORAL_TLS_KEY", "MIIsekretkeymaterial/abc")))
        .containsExactly("TEMPORAL_TLS_KEY: is neither PEM content (a -----BEGIN line) nor the path of an existing file");
  }

  @Test
  void rejectsPemOfTheWrongKind() {
    assertThat(problems(Map.of("TEMPORAL_TLS_CERT", client.keyPem(), "TEMPORAL_TLS_KEY", client.certificatePem())))
        .containsExactly(
            "TEMPORAL_TLS_CERT: holds a private key; put only certificates here and the key in TEMPORAL_TLS_KEY",
            "TEMPORAL_TLS_KEY: holds no private key (expected BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    assertThat(problems(Map.of("TEMPORAL_TLS_CA", "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n")))
        .containsExactly("TEMPORAL_TLS_CA: is not a readable PEM certificate (damaged or cut short)");
  }

  @Test
  void rejectsAnEncryptedKey() throws Exception {
    var encryptor = new org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder("AES-128-CBC")
        .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).build("pw".toCharArray());
    var out = new java.io.StringWriter();
    try (var writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(out)) {
      writer.writeObject(client.keys(), encryptor);
    }
    assertThat(problems(Map.of("TEMPORAL_TLS_CERT", client.certificatePem(), "TEMPORAL_TLS_KEY", out.toString())))
        .singleElement().asString().startsWith("TEMPORAL_TLS_KEY: the key is encrypted; give it unencrypted");
  }

  @Test
  void rejectsAnExpiredCertificate() {
    TestCertificates.Issued expired = ca.expiredClient("old-worker");
    assertThat(problems(Map.of("TEMPORAL_TLS_CERT", expired.certificatePem(), "TEMPORAL_TLS_KEY", expired.keyPem())))
        .singleElement().asString().startsWith("TEMPORAL_TLS_CERT: the certificate CN=old-worker expired on ");
  }

  @Test
  void rejectsApiKeysWithWhitespaceWithoutShowingThem() {
    assertThat(problems(Map.of("TEMPORAL_API_KEY", "sekret-key\n")))
        .containsExactly("TEMPORAL_API_KEY: contains whitespace or a line break (copied with the key?); give the key alone");
    assertThat(problems(Map.of("TEMPORAL_API_KEY", "sekret\u00e9")))
        .containsExactly("TEMPORAL_API_KEY: contains characters an HTTP header cannot carry; give the key alone");
  }

  @Test
  void anApiKeyImpliesTlsWithTheSystemCasAndMeansTemporalCloud() {
    TemporalSettings settings = parse(Map.of("TEMPORAL_ADDRESS", "us-east-1.aws.api.temporal.io:7233",
        "TEMPORAL_NAMESPACE", "prod.a1b2c", "TEMPORAL_API_KEY", "sekret-key"));
    assertThat(settings.tls()).hasValueSatisfying(tls -> {
      assertThat(tls.mutual()).isFalse();
      assertThat(tls.trustedCas()).isEmpty();
    });
    assertThat(settings.cloud()).isTrue();
    assertThat(settings.toString()).doesNotContain("sekret").contains("API key set");
    assertThat(settings.apiKey().orElseThrow().toString()).isEqualTo("ApiKey[redacted]");
    assertThat(parse(Map.of("TEMPORAL_ADDRESS", "prod.a1b2c.tmprl.cloud:7233")).cloud()).isTrue();
  }

  @Test
  void rejectsBadAddressNamespaceAndServerName() {
    assertThat(problems(Map.of("TEMPORAL_ADDRESS", "http://temporal:7233", "TEMPORAL_NAMESPACE", "my namespace",
            "TEMPORAL_TLS_SERVER_NAME", "bad_name!")))
        .containsExactly(
            "TEMPORAL_ADDRESS: 'http://temporal:7233' is not host:port (for example temporal-frontend.temporal:7233 or"
                + " <namespace>.<account>.tmprl.cloud:7233)",
            "TEMPORAL_NAMESPACE: 'my namespace' is not a namespace name (letters, digits, '.', '-', '_')",
            "TEMPORAL_TLS_SERVER_NAME: 'bad_name!' is not a DNS name");
    assertThat(problems(Map.of("TEMPORAL_ADDRESS", "temporal:99999")))
        .containsExactly("TEMPORAL_ADDRESS: port 99999 is not between 1 and 65535");
    assertThat(parse(Map.of("TEMPORAL_ADDRESS", "[::1]:7233", "TEMPORAL_TLS_SERVER_NAME", "temporal.internal")).serverName())
        .hasValue("temporal.internal");
  }

  @Test
  void reportsEveryBadVariableAtOnce() {
    assertThat(problems(Map.of("TEMPORAL_ADDRESS", "nope", "TEMPORAL_API_KEY", "a b", "TEMPORAL_TLS_CERT", client.certificatePem())))
        .hasSize(3)
        .allSatisfy(p -> assertThat(p).startsWith("TEMPORAL_"));
  }
}
