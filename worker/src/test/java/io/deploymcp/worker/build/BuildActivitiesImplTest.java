package io.deploymcp.worker.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.store.logs.PostgresLogStore;
import io.deploymcp.worker.config.BuildSettings;
import io.deploymcp.worker.config.PlatformSettings;
import io.deploymcp.worker.config.SecretKeyHolder;
import io.deploymcp.worker.failure.WorkerFailureCodes;
import io.deploymcp.worker.support.TestDatabase;
import io.deploymcp.worker.support.ThrownFailure;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.activities.CheckoutResult;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration errors: each fails permanently before anything is read or built. */
class BuildActivitiesImplTest {
  private static final CheckoutResult SOURCE =
      new CheckoutResult("3f786850e387550fdab836ed7e6dc881de23001b", "/nonexistent");

  @TempDir Path dir;

  private static ThrownFailure build(String buildkitHost, String registryHost) {
    return build(buildkitHost, registryHost, null, null, null, null);
  }

  private static ThrownFailure build(
      String buildkitHost, String registryHost, String tlsCaCert, String tlsCert, String tlsKey, String tlsServerName) {
    return build(new PlatformSettings(buildkitHost, registryHost, null, null, false), tlsCaCert, tlsCert, tlsKey, tlsServerName);
  }

  private static ThrownFailure build(
      PlatformSettings platform, String tlsCaCert, String tlsCert, String tlsKey, String tlsServerName) {
    BuildSettings settings =
        new BuildSettings(
            Duration.ofMinutes(1), Duration.ofMinutes(1), null, null, false, 100,
            tlsCaCert, tlsCert, tlsKey, tlsServerName);
    SecretKeyHolder keys = new SecretKeyHolder("");
    var activities =
        new BuildActivitiesImpl(
            new BuildEnvironment(platform, settings, keys, Map.of()),
            new BuildInputsRepository(
                TestDatabase.jdbc(), new io.deploymcp.worker.env.ServiceEnv(TestDatabase.jdbc(), keys),
                TestDatabase.dataSource()),
            new PostgresLogStore(TestDatabase.dataSource(), 100, 1000),
            new PushGate(TestDatabase.dataSource()));
    // A deployment id that does not exist: a check that passed would fail on it instead.
    return ThrownFailure.of(() -> activities.buildAndPush(UUID.randomUUID(), SOURCE));
  }

  @Test
  void withoutBuildkitFailsPermanentlyWithAHintNamingTheVariable() {
    for (String unset : new String[] {null, "", "  "}) {
      ThrownFailure failure = build(unset, "127.0.0.1:5000");

      assertThat(failure.code()).isEqualTo(FailureCodes.BUILDKIT_NOT_CONFIGURED);
      assertThat(failure.nonRetryable()).isTrue();
      assertThat(failure.message()).isEqualTo("no BuildKit is configured");
      assertThat(failure.hint()).contains("BUILDKIT_HOST").contains("redeploy");
    }
  }

  @Test
  void withoutARegistryFailsPermanentlyWithAHintNamingTheVariable() {
    ThrownFailure failure = build("docker://", null);

    assertThat(failure.code()).isEqualTo(FailureCodes.REGISTRY_NOT_CONFIGURED);
    assertThat(failure.nonRetryable()).isTrue();
    assertThat(failure.hint()).contains("REGISTRY_HOST");
  }

  @Test
  void unusableAddressesAreBuildConfigInvalidWithoutEchoingTheValue() {
    ThrownFailure badScheme = build("ftp://user:pw@host", "127.0.0.1:5000");
    ThrownFailure badRegistry = build("docker://", "not a host");

    assertThat(badScheme.code()).isEqualTo(WorkerFailureCodes.BUILD_CONFIG_INVALID);
    assertThat(badScheme.nonRetryable()).isTrue();
    assertThat(badScheme.message()).doesNotContain("pw");
    assertThat(badRegistry.code()).isEqualTo(WorkerFailureCodes.BUILD_CONFIG_INVALID);
  }

  @Test
  void aPullHostThatIsNotHostAndPortIsBuildConfigInvalidNamingTheVariable() {
    ThrownFailure failure =
        build(new PlatformSettings("docker://", "127.0.0.1:5000", null, null, false, "http://registry.internal:5000"),
            null, null, null, null);

    assertThat(failure.code()).isEqualTo(WorkerFailureCodes.BUILD_CONFIG_INVALID);
    assertThat(failure.nonRetryable()).isTrue();
    assertThat(failure.message()).startsWith("REGISTRY_PULL_HOST 'http://registry.internal:5000' is not host[:port]");
    assertThat(failure.hint()).contains("REGISTRY_PULL_HOST", "registries.yaml");
  }

  @Test
  void unusableBuildkitTlsSettingsFailPermanentlyWithAHintNamingTheVariables() throws Exception {
    String ca = selfSignedCa().toString();
    String missing = dir.resolve("absent-ca.pem").toString();
    ThrownFailure certWithoutKey = build("tcp://buildkitd:1234", "127.0.0.1:5000", ca, ca, null, null);
    ThrownFailure missingCa = build("tcp://buildkitd:1234", "127.0.0.1:5000", missing, null, null, null);
    ThrownFailure keyWithoutCa = build("tcp://buildkitd:1234", "127.0.0.1:5000", " ", ca, ca, null);
    ThrownFailure tlsOnEngine = build("docker://", "127.0.0.1:5000", ca, null, null, null);

    assertThat(certWithoutKey.message()).isEqualTo("BUILDKIT_TLS_CERT is set but BUILDKIT_TLS_KEY is not: a client certificate needs its key");
    assertThat(missingCa.message()).isEqualTo("BUILDKIT_TLS_CA_CERT: no file at " + missing);
    assertThat(keyWithoutCa.message()).startsWith("BUILDKIT_TLS_CERT is set but BUILDKIT_TLS_CA_CERT is not");
    assertThat(tlsOnEngine.message()).contains("tcp:// only", "docker://");
    for (ThrownFailure failure : List.of(certWithoutKey, missingCa, keyWithoutCa, tlsOnEngine)) {
      assertThat(failure.code()).isEqualTo(WorkerFailureCodes.BUILD_CONFIG_INVALID);
      assertThat(failure.nonRetryable()).isTrue();
      assertThat(failure.hint()).contains(
          "BUILDKIT_TLS_CA_CERT", "BUILDKIT_TLS_CERT", "BUILDKIT_TLS_KEY", "BUILDKIT_TLS_SERVER_NAME", "redeploy");
    }
  }

  @Test
  void usableBuildkitTlsSettingsPassTheConfigurationChecks() throws Exception {
    ThrownFailure failure =
        build("tcp://buildkitd:1234", "127.0.0.1:5000", selfSignedCa().toString(), null, null, "buildkitd.internal");

    // Past every configuration check: what stops it is the deployment that does not exist.
    assertThat(failure.code()).isEqualTo(WorkerFailureCodes.DEPLOYMENT_NOT_FOUND);
  }

  /** A PEM CA certificate, made with Bouncy Castle (which the checkout module brings). */
  private Path selfSignedCa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    X500Name name = new X500Name("CN=worker test CA");
    Instant now = Instant.now();
    X509CertificateHolder cert =
        new JcaX509v3CertificateBuilder(
                name, BigInteger.ONE, Date.from(now.minusSeconds(3600)), Date.from(now.plusSeconds(86400)),
                name, keys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
    StringWriter pem = new StringWriter();
    try (PemWriter writer = new PemWriter(pem)) {
      writer.writeObject(new PemObject("CERTIFICATE", cert.getEncoded()));
    }
    return Files.writeString(dir.resolve("ca.pem"), pem.toString());
  }
}
