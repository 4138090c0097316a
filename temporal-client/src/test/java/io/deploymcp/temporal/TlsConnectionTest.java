package io.deploymcp.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.deploymcp.embedded.EmbeddedTemporal;
import io.deploymcp.temporal.ConnectionProblem.Kind;
import io.deploymcp.temporal.testing.TestCertificates;
import io.deploymcp.temporal.testing.TlsTemporalProxy;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connections through a TLS-terminating proxy (a stand-in for a TLS-only Temporal frontend or
 * Temporal Cloud) in front of Temporal's test server: what connects, and how each refusal reads.
 */
class TlsConnectionTest {
  private static final String API_KEY = "tc-test-0123456789abcdef";

  static EmbeddedTemporal temporal;
  static TestCertificates.Ca ca;
  static TestCertificates.Ca otherCa;
  static TestCertificates.Issued client;
  static TlsTemporalProxy mtls;
  static TlsTemporalProxy cloud;

  @BeforeAll
  static void start() {
    temporal = EmbeddedTemporal.start(0);
    ca = TestCertificates.newCa("Temporal test CA");
    otherCa = TestCertificates.newCa("Some other CA");
    client = ca.client("deploy-mcp-worker");
    TestCertificates.Issued server = ca.server("temporal-frontend", "temporal.internal");
    mtls = TlsTemporalProxy.builder(temporal.target(), server).requireClientCertificate(ca.certificate()).start();
    cloud = TlsTemporalProxy.builder(temporal.target(), server)
        .apiKey(API_KEY)
        .cloudSearchAttributes(Set.of("DpServiceName", "DpTenant", "DpDeploymentId"))
        .start();
  }

  @AfterAll
  static void stop() {
    cloud.close();
    mtls.close();
    temporal.close();
  }

  private static Map<String, String> mtlsVariables() {
    Map<String, String> variables = new HashMap<>();
    variables.put("TEMPORAL_ADDRESS", mtls.target());
    variables.put("TEMPORAL_TLS_CERT", client.certificatePem());
    variables.put("TEMPORAL_TLS_KEY", client.keyPem());
    variables.put("TEMPORAL_TLS_CA", ca.certificatePem());
    return variables;
  }

  private static WorkflowServiceStubs stubs(TemporalSettings settings) {
    return WorkflowServiceStubs.newServiceStubs(
        TemporalStubsOptions.apply(
                settings,
                WorkflowServiceStubsOptions.newBuilder()
                    .setRpcTimeout(Duration.ofSeconds(3))
                    .setSystemInfoTimeout(Duration.ofSeconds(3)))
            .build());
  }

  /** Null when the call went through, else the plain problem. */
  private static ConnectionProblem call(Map<String, String> variables) {
    TemporalSettings settings = TemporalSettings.fromVariables(variables::get);
    WorkflowServiceStubs stubs = stubs(settings);
    try {
      Throwable failure = catchThrowable(() -> stubs.blockingStub()
          .withDeadlineAfter(3, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance()));
      return failure == null ? null : ConnectionProblem.of(settings, failure);
    } finally {
      stubs.shutdownNow();
    }
  }

  @Test
  void theRightClientCertificateConnectsAndRegistersTheSearchAttributes() {
    assertThat(call(mtlsVariables())).isNull();
    TemporalSettings settings = TemporalSettings.fromVariables(mtlsVariables()::get);
    WorkflowServiceStubs stubs = stubs(settings);
    try {
      SearchAttributeReport report = SearchAttributeCheck.run(stubs, settings);
      assertThat(report.complete()).isTrue();
      assertThat(report.summary()).startsWith("Temporal: ");
    } finally {
      stubs.shutdownNow();
    }
  }

  @Test
  void aCertificateFromAnotherCaIsRefusedInPlainWords() {
    TestCertificates.Issued stranger = otherCa.client("deploy-mcp-worker");
    Map<String, String> variables = mtlsVariables();
    variables.put("TEMPORAL_TLS_CERT", stranger.certificatePem());
    variables.put("TEMPORAL_TLS_KEY", stranger.keyPem());
    ConnectionProblem problem = call(variables);
    assertThat(problem.kind()).isEqualTo(Kind.CLIENT_CERTIFICATE_REFUSED);
    assertThat(problem.lasting()).isTrue();
    assertThat(problem.reason()).isEqualTo("Temporal at " + mtls.target() + " refused the TLS handshake: it does not"
        + " accept the client certificate in TEMPORAL_TLS_CERT (signed by another CA, expired or revoked?)");
  }

  @Test
  void noClientCertificateIsRefusedInPlainWords() {
    ConnectionProblem problem = call(Map.of("TEMPORAL_ADDRESS", mtls.target(), "TEMPORAL_TLS_CA", ca.certificatePem()));
    assertThat(problem.kind()).isEqualTo(Kind.CLIENT_CERTIFICATE_REFUSED);
    assertThat(problem.reason()).startsWith("Temporal at " + mtls.target())
        .contains("set TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY");
  }

  @Test
  void aServerCertificateFromAnotherCaIsNotTrusted() {
    Map<String, String> variables = mtlsVariables();
    variables.put("TEMPORAL_TLS_CA", otherCa.certificatePem());
    ConnectionProblem problem = call(variables);
    assertThat(problem.kind()).isEqualTo(Kind.SERVER_NOT_TRUSTED);
    assertThat(problem.reason()).isEqualTo("Temporal at " + mtls.target()
        + " presented a certificate we do not trust: it is not signed by the CA in TEMPORAL_TLS_CA");
  }

  @Test
  void theServerNameOverridesTheAddressForTheCertificateCheck() {
    Map<String, String> variables = mtlsVariables();
    variables.put("TEMPORAL_TLS_SERVER_NAME", "temporal.internal");
    assertThat(call(variables)).isNull();
    variables.put("TEMPORAL_TLS_SERVER_NAME", "elsewhere.example");
    ConnectionProblem problem = call(variables);
    assertThat(problem.kind()).isEqualTo(Kind.SERVER_NOT_TRUSTED);
    assertThat(problem.reason()).contains("does not name elsewhere.example: set TEMPORAL_TLS_SERVER_NAME");
  }

  @Test
  void plaintextAgainstATlsEndpointSuggestsTls() {
    ConnectionProblem problem = call(Map.of("TEMPORAL_ADDRESS", mtls.target()));
    assertThat(problem.kind()).isEqualTo(Kind.UNREACHABLE);
    assertThat(problem.reason()).isEqualTo("Temporal at " + mtls.target() + " closed the connection without an answer"
        + " (a TLS-only endpoint? then set TEMPORAL_TLS_CA, or TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY)");
  }

  @Test
  void theApiKeyIsSentAsBearerAndAWrongOneIsRefusedWithoutShowingIt() {
    Map<String, String> variables = new HashMap<>(Map.of(
        "TEMPORAL_ADDRESS", cloud.target(), "TEMPORAL_API_KEY", API_KEY, "TEMPORAL_TLS_CA", ca.certificatePem()));
    assertThat(call(variables)).isNull();
    assertThat(cloud.authorizations()).contains("Bearer " + API_KEY);

    variables.put("TEMPORAL_API_KEY", "tc-wrong-key-999");
    ConnectionProblem problem = call(variables);
    assertThat(problem.kind()).isEqualTo(Kind.CREDENTIALS_REFUSED);
    assertThat(problem.reason()).isEqualTo(
        "Temporal at " + cloud.target() + " refused the credentials (UNAUTHENTICATED): check TEMPORAL_API_KEY");
    assertThat(problem.reason()).doesNotContain("tc-wrong-key").doesNotContain(API_KEY);
  }

  @Test
  void onTemporalCloudMissingSearchAttributesAreNamedWithHowToAddThem() {
    TemporalSettings settings = TemporalSettings.fromVariables(Map.of(
        "TEMPORAL_ADDRESS", cloud.target(), "TEMPORAL_NAMESPACE", "default",
        "TEMPORAL_API_KEY", API_KEY, "TEMPORAL_TLS_CA", ca.certificatePem())::get);
    assertThat(settings.cloud()).isTrue();
    WorkflowServiceStubs stubs = stubs(settings);
    int before = cloud.authorizations().size();
    try {
      SearchAttributeReport report = SearchAttributeCheck.run(stubs, settings);
      assertThat(report.complete()).isFalse();
      assertThat(report.missing()).containsExactly("DpPhase");
      assertThat(report.summary())
          .startsWith("Temporal: namespace default lacks the search attributes [DpPhase]")
          .contains("tcld namespace search-attributes add --namespace default --search-attribute DpPhase=Keyword")
          .contains("Temporal Cloud UI")
          .doesNotContain(API_KEY);
    } finally {
      stubs.shutdownNow();
    }
    // The operator calls carried the key too (the raw channel alone would not).
    assertThat(cloud.authorizations().subList(before, cloud.authorizations().size())).contains("Bearer " + API_KEY);
  }
}
