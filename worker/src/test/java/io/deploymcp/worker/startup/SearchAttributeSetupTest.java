package io.deploymcp.worker.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.deploymcp.embedded.EmbeddedTemporal;
import io.deploymcp.temporal.TemporalSettings;
import io.deploymcp.workflows.DeploySearchAttributes;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.testserver.TestServer;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class SearchAttributeSetupTest {

  @Test
  void waitsWithAPlainWarningUntilTemporalComesUp(CapturedOutput output) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String target = "127.0.0.1:" + port;
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    try {
      CompletableFuture<Void> setup =
          CompletableFuture.runAsync(
              () -> {
                try {
                  new SearchAttributeSetup(
                      stubs, TemporalSettings.fromVariables(Map.of("TEMPORAL_ADDRESS", target)::get))
                      .run();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }, Thread::startVirtualThread);

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> output.getOut().contains("Temporal: " + target + " is not reachable"));
      assertThat(setup).isNotDone();

      try (EmbeddedTemporal temporal = EmbeddedTemporal.start(port)) {
        setup.get(30, TimeUnit.SECONDS);
      }
      assertThat(output.getOut()).contains("Temporal: " + target + " answers now");
      assertThat(output.getAll()).doesNotContain("StatusRuntimeException");
    } finally {
      stubs.shutdownNow();
    }
  }

  /**
   * The local stack with TEMPORAL_ADDRESS (e.g. `temporal server start-dev`, whose Web UI is the
   * way to look at deploys locally) starts no Temporal of its own: the worker's start must
   * register the search attributes on whatever server it finds. Here Temporal's Java test server
   * started bare, without the registration EmbeddedTemporal does, stands in for that server: a
   * workflow carrying the attributes is refused before the setup and accepted after it.
   */
  @Test
  void registersTheSearchAttributesOnAServerThatHasNone(CapturedOutput output) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String target = "127.0.0.1:" + port;
    try (TestServer.PortBoundTestServer bare = TestServer.createPortBoundServer(port, true)) {
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
      try {
        WorkflowClient client = WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
        Assertions.assertThatThrownBy(() -> startCarryingTheAttributes(client, "deploy-before"))
            .as("the bare server does not know the attributes yet")
            .rootCause().hasMessageContaining("INVALID_ARGUMENT: search attribute Dp").hasMessageContaining("is not defined");

        new SearchAttributeSetup(stubs, TemporalSettings.fromVariables(Map.of("TEMPORAL_ADDRESS", target)::get)).run();

        assertThat(output.getOut())
            .contains("Temporal: registered search attributes [DpServiceName, DpTenant, DpDeploymentId, DpPhase]");
        var execution = startCarryingTheAttributes(client, "deploy-after");
        var described = stubs.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace("default").setExecution(execution).build());
        assertThat(described.getWorkflowExecutionInfo().getSearchAttributes().getIndexedFieldsMap())
            .containsKeys("DpServiceName", "DpTenant", "DpDeploymentId", "DpPhase");
      } finally {
        stubs.shutdownNow();
      }
    }
  }

  private static io.temporal.api.common.v1.WorkflowExecution startCarryingTheAttributes(WorkflowClient client, String id) {
    return client.newUntypedWorkflowStub("DeployWorkflow", WorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setTaskQueue("nobody-polls")
            .setTypedSearchAttributes(SearchAttributes.newBuilder()
                .set(DeploySearchAttributes.SERVICE_NAME, "cool-api")
                .set(DeploySearchAttributes.TENANT, "acme")
                .set(DeploySearchAttributes.DEPLOYMENT_ID, "0b6f6a4e-0000-4000-8000-000000000001")
                .set(DeploySearchAttributes.PHASE, "queued")
                .build())
            .build())
        .start();
  }
}
