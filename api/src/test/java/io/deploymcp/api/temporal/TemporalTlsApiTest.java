package io.deploymcp.api.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.config.TemporalConfig;
import io.deploymcp.api.status.ComponentProbes;
import io.deploymcp.api.status.ComponentState;
import io.deploymcp.api.status.ComponentStatus;
import io.deploymcp.api.status.TemporalReadiness;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.eclipse.microprofile.health.HealthCheckResponse;
import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.api.support.Workflows;
import io.deploymcp.temporal.testing.TestCertificates;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The API against a TLS-only Temporal endpoint (TlsTemporalProxy: a stand-in for a TLS frontend
 * or Temporal Cloud in front of the test server) that requires a client certificate from the
 * test CA and the API key, with the certificate files passed as paths like the chart does.
 * Also what bad TEMPORAL_* variables do: the API stays up and says {@code misconfigured}.
 */
@QuarkusTest
@TestProfile(TemporalTlsProfile.class)
class TemporalTlsApiTest {
  @Inject WorkflowClient client;
  @Inject DataSource dataSource;
  @Inject ApiConfig apiConfig;
  @Inject MeterRegistry metrics;

  @ConfigProperty(name = "temporal.address")
  String address;

  @ConfigProperty(name = "temporal.tls-ca")
  String caPath;

  @Test
  void startsAWorkflowThroughTheTlsEndpointAndReportsOk() {
    String name = Names.unique("tls");
    String deploymentId = Api.admin().body(Map.of("name", name, "repo", "https://github.com/org/tls"))
        .post("/v1/services").then().statusCode(202).extract().path("deployment_id");
    // Read back through the same endpoint: the workflow is on the server behind it.
    var described = new Workflows(client).describe(io.deploymcp.workflows.WorkflowIds.deploy(java.util.UUID.fromString(deploymentId)));
    assertThat(described).hasValueSatisfying(d ->
        assertThat(d.getWorkflowExecutionInfo().getType().getName()).isEqualTo("DeployWorkflow"));

    String status = Api.admin().get("/v1/status").then().statusCode(200)
        .body("temporal.state", equalTo("ok"))
        .body("ready", equalTo(true))
        .extract().asString();
    assertThat(status).contains("Temporal at " + address + " answers")
        .doesNotContain(TestStack.TEMPORAL_API_KEY).doesNotContain("PRIVATE KEY");
    io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200);
  }

  @Test
  void aCertificateFromAnotherCaOrNoneReadsPlainlyInTheStatus() {
    TestCertificates.Issued stranger = TestCertificates.newCa("another CA").client("deploy-mcp-api");
    ComponentStatus foreign = probe(Optional.of(stranger.certificatePem()), Optional.of(stranger.keyPem()));
    assertThat(foreign.state()).isEqualTo(ComponentState.UNREACHABLE);
    assertThat(foreign.reason()).isEqualTo("Temporal at " + address + " refused the TLS handshake: it does not accept"
        + " the client certificate in TEMPORAL_TLS_CERT (signed by another CA, expired or revoked?); deploys cannot"
        + " start until it does");

    ComponentStatus none = probe(Optional.empty(), Optional.empty());
    assertThat(none.state()).isEqualTo(ComponentState.UNREACHABLE);
    assertThat(none.reason()).startsWith("Temporal at " + address + " requires a client certificate and none is set");
  }

  @Test
  void theLogHoldsNeitherTheApiKeyNorTheKey() throws Exception {
    Api.admin().get("/v1/status").then().statusCode(200);
    String log = Files.readString(Path.of(TemporalTlsProfile.LOG_FILE));
    assertThat(log).contains("Temporal: " + address + " (namespace default, TLS, client certificate CN=deploy-mcp-api")
        .contains("API key set")
        .doesNotContain(TestStack.TEMPORAL_API_KEY)
        .doesNotContain("PRIVATE KEY");
  }

  @Test
  void badVariablesLeaveTheApiUpSayingMisconfiguredAndRefusingDeploys() throws Exception {
    // What the API builds at start from TEMPORAL_TLS_CERT without its key and a key with a line break.
    TemporalClients clients = new TemporalClients(new Settings(
        address, Optional.of(caPath), Optional.empty(), Optional.of(caPath), TestStack.TEMPORAL_API_KEY + "\n"));
    try {
      ComponentProbes probes = new ComponentProbes(dataSource, clients.workflowServiceStubs(), clients, apiConfig);
      ComponentStatus status = probes.temporal();
      assertThat(status.state()).isEqualTo(ComponentState.MISCONFIGURED);
      assertThat(status.reason()).isEqualTo(
          "TEMPORAL_API_KEY: contains whitespace or a line break (copied with the key?); give the key alone;"
              + " TEMPORAL_TLS_KEY: not set, but TEMPORAL_TLS_CERT is: mTLS needs both (or neither)");
      var readiness = new TemporalReadiness(probes).call();
      assertThat(readiness.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
      assertThat(readiness.getData().orElseThrow()).containsEntry("reason", status.reason());

      // Deploys get 503 TEMPORAL_UNAVAILABLE at once; the call never leaves the process.
      long started = System.nanoTime();
      assertThatThrownBy(() -> new WorkflowLauncher(clients.workflowClient(), apiConfig, metrics).startDeploy(
              new DeployLaunch(UUID.randomUUID(), "t", UUID.randomUUID(), "svc", UUID.randomUUID(), "https://github.com/o/r",
                  "production", "main")))
          .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.code()).isEqualTo(ProblemCode.TEMPORAL_UNAVAILABLE));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    } finally {
      clients.close();
    }
    String log = Files.readString(Path.of(TemporalTlsProfile.LOG_FILE));
    assertThat(log)
        .contains("Temporal settings: TEMPORAL_TLS_KEY: not set, but TEMPORAL_TLS_CERT is")
        .contains("Temporal settings: TEMPORAL_API_KEY: contains whitespace")
        .contains("the API runs without Temporal (deploys answer 503)")
        .doesNotContain(TestStack.TEMPORAL_API_KEY);
  }

  /** The status probe over a second connection with other client credentials (same API key). */
  private ComponentStatus probe(Optional<String> cert, Optional<String> key) {
    TemporalClients clients =
        new TemporalClients(new Settings(address, cert, key, Optional.of(caPath), TestStack.TEMPORAL_API_KEY));
    try {
      WorkflowServiceStubs stubs = clients.workflowServiceStubs();
      return new ComponentProbes(dataSource, stubs, clients, apiConfig).temporal();
    } finally {
      clients.close();
    }
  }

  private record Settings(
      String address, Optional<String> tlsCert, Optional<String> tlsKey, Optional<String> tlsCa, String key)
      implements TemporalConfig {
    @Override
    public String namespace() {
      return "default";
    }

    @Override
    public Duration callTimeout() {
      return Duration.ofSeconds(2);
    }

    @Override
    public Optional<String> tlsServerName() {
      return Optional.empty();
    }

    @Override
    public Optional<String> apiKey() {
      return Optional.of(key);
    }
  }
}
