package io.deploymcp.worker.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.embedded.EmbeddedTemporal;
import io.deploymcp.temporal.InvalidTemporalSettingsException;
import io.deploymcp.temporal.testing.TestCertificates;
import io.deploymcp.temporal.testing.TlsTemporalProxy;
import io.deploymcp.worker.WorkerApplication;
import io.deploymcp.worker.support.Fixtures;
import io.deploymcp.worker.support.GitRepos;
import io.deploymcp.worker.support.TestDatabase;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.WorkflowIds;
import io.deploymcp.workflows.deploy.DeployOutcome;
import io.deploymcp.workflows.deploy.DeployRequest;
import io.deploymcp.workflows.deploy.DeployWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The worker application against a TLS-only Temporal endpoint (TlsTemporalProxy, a stand-in
 * for a TLS frontend or Temporal Cloud in front of the test server) with the certificate files
 * passed as paths, as the chart mounts them: it registers and polls through TLS with the right
 * certificate and API key, and stops at start with one plain line when something is wrong.
 */
@ExtendWith(OutputCaptureExtension.class)
class TemporalTlsWorkerTest {
  private static final String QUEUE = "tls-smoke";
  private static final String API_KEY = "tc-worker-test-key-81f0aa";

  static EmbeddedTemporal temporal;
  static TestCertificates.Ca ca;
  static TestCertificates.Issued server;
  static TlsTemporalProxy proxy;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    temporal = EmbeddedTemporal.start(0);
    ca = TestCertificates.newCa("worker test CA");
    server = ca.server("temporal-frontend");
    proxy = TlsTemporalProxy.builder(temporal.target(), server)
        .requireClientCertificate(ca.certificate())
        .apiKey(API_KEY)
        .start();
  }

  @AfterAll
  static void stop() {
    proxy.close();
    temporal.close();
  }

  /** tls.crt, tls.key and ca.crt under {@code dir}, as /etc/deploy-mcp/temporal-tls/ holds them. */
  private Path secretFiles(TestCertificates.Issued client) throws Exception {
    Path dir = client.writeTo(tmp.resolve("temporal-tls"));
    Files.writeString(dir.resolve("ca.crt"), ca.certificatePem());
    return dir;
  }

  private static List<String> args(String address, Path dir, String... more) {
    List<String> args = new ArrayList<>(List.of(
        "--TEMPORAL_ADDRESS=" + address,
        "--TEMPORAL_TLS_CERT=" + dir.resolve("tls.crt"),
        "--TEMPORAL_TLS_KEY=" + dir.resolve("tls.key"),
        "--TEMPORAL_TLS_CA=" + dir.resolve("ca.crt"),
        "--DP_TASK_QUEUE=" + QUEUE,
        "--DP_DATABASE_URL=" + TestDatabase.url(),
        "--DP_WORKER_METRICS_PORT=0",
        "--DP_DATABASE_USER=" + TestDatabase.user(),
        "--dp.buildkit-host=",
        "--dp.registry-host=",
        "--dp.loki-push-url=",
        "--dp.loki.url=",
        "--dp.kubeconfig=",
        "--dp.secret-key=",
        "--dp.allow-local-repos=true"));
    args.addAll(List.of(more));
    return args;
  }

  private static ConfigurableApplicationContext run(List<String> args) {
    return new SpringApplicationBuilder(WorkerApplication.class)
        .main(WorkerApplication.class)
        .run(args.toArray(String[]::new));
  }

  @Test
  void registersAndPollsThroughTlsWithTheRightCertificateAndApiKey(CapturedOutput output) throws Exception {
    Fixtures fixtures = new Fixtures();
    Path dir = secretFiles(ca.client("deploy-mcp-worker"));
    try (ConfigurableApplicationContext app = run(args(proxy.target(), dir, "--TEMPORAL_API_KEY=" + API_KEY))) {
      UUID tenant = fixtures.tenant();
      Path repo = GitRepos.withMain(tmp, "app");
      UUID service = fixtures.service(tenant, GitRepos.fileUrl(repo), "main");
      UUID deployment = fixtures.deployment(tenant, service, "production", "main");
      // Started beside the proxy, straight on the test server: only a worker polling through
      // the TLS endpoint can run it.
      WorkflowServiceStubs direct = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.target()).build());
      try {
        DeployOutcome outcome = WorkflowClient.newInstance(direct)
            .newWorkflowStub(DeployWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE).setWorkflowId(WorkflowIds.deploy(deployment)).build())
            .deploy(new DeployRequest(tenant, service, deployment));
        assertThat(outcome.errorCode()).isEqualTo(FailureCodes.BUILDKIT_NOT_CONFIGURED);
      } finally {
        direct.shutdownNow();
      }
    }
    assertThat(proxy.authorizations()).isNotEmpty().allMatch(("Bearer " + API_KEY)::equals);
    assertThat(output.getAll())
        .contains("Temporal: " + proxy.target() + " (namespace default, TLS, client certificate CN=deploy-mcp-worker,"
            + " server checked against TEMPORAL_TLS_CA, API key set), task queue " + QUEUE)
        .doesNotContain(API_KEY)
        .doesNotContain("PRIVATE KEY")
        .doesNotContain("could not check the search attributes");
  }

  @Test
  void aCertificateFromAnotherCaStopsTheStartWithOneLine(CapturedOutput output) throws Exception {
    Path dir = secretFiles(TestCertificates.newCa("another CA").client("deploy-mcp-worker"));
    assertThatThrownBy(() -> run(args(proxy.target(), dir, "--TEMPORAL_API_KEY=" + API_KEY)).close())
        .isInstanceOf(TemporalStartException.class);
    assertThat(output.getAll())
        .contains("APPLICATION FAILED TO START")
        .contains("The worker cannot use Temporal: Temporal at " + proxy.target() + " refused the TLS handshake: it"
            + " does not accept the client certificate in TEMPORAL_TLS_CERT (signed by another CA, expired or revoked?)")
        .doesNotContain(API_KEY);
  }

  @Test
  void aBadVariableStopsTheStartNamingIt(CapturedOutput output) throws Exception {
    Path dir = secretFiles(ca.client("deploy-mcp-worker"));
    List<String> args = args(proxy.target(), dir, "--TEMPORAL_API_KEY=" + API_KEY + " trailing");
    args.remove("--TEMPORAL_TLS_KEY=" + dir.resolve("tls.key"));
    assertThatThrownBy(() -> run(args).close()).hasRootCauseInstanceOf(InvalidTemporalSettingsException.class);
    assertThat(output.getAll())
        .contains("The worker's Temporal settings are invalid:\n"
            + "  - TEMPORAL_API_KEY: contains whitespace or a line break (copied with the key?); give the key alone\n"
            + "  - TEMPORAL_TLS_KEY: not set, but TEMPORAL_TLS_CERT is: mTLS needs both (or neither)")
        .contains("docs/temporal.md")
        .doesNotContain(API_KEY);
  }

  @Test
  void onTemporalCloudMissingSearchAttributesStopTheStartSayingHowToAddThem(CapturedOutput output) throws Exception {
    Path dir = secretFiles(ca.client("deploy-mcp-worker"));
    try (TlsTemporalProxy cloud = TlsTemporalProxy.builder(temporal.target(), server)
        .apiKey(API_KEY)
        .cloudSearchAttributes(Set.of("DpServiceName", "DpTenant"))
        .start()) {
      assertThatThrownBy(() -> run(args(cloud.target(), dir, "--TEMPORAL_API_KEY=" + API_KEY)).close())
          .isInstanceOf(TemporalStartException.class);
    }
    assertThat(output.getAll())
        .contains("The worker cannot use Temporal: namespace default lacks the search attributes [DpDeploymentId, DpPhase]")
        .contains("tcld namespace search-attributes add --namespace default --search-attribute DpDeploymentId=Keyword"
            + " --search-attribute DpPhase=Keyword")
        .doesNotContain(API_KEY);
  }
}
