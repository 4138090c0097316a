package io.deploymcp.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.workflows.DeploySearchAttributes;
import io.deploymcp.workflows.SearchAttributeRegistrar;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.junit.jupiter.api.Test;

class EmbeddedTemporalTest {

  @Test
  void acceptsWorkflowsCarryingThePlatformSearchAttributes() {
    try (EmbeddedTemporal temporal = EmbeddedTemporal.start(0)) {
      WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.target()).build());
      try {
        assertThat(SearchAttributeRegistrar.register(stubs, temporal.namespace()))
            .as("second registration adds nothing")
            .isEmpty();
        WorkflowClient client = WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(temporal.namespace()).build());
        var stub = client.newUntypedWorkflowStub("DeployWorkflow", WorkflowOptions.newBuilder()
            .setWorkflowId("deploy-probe")
            .setTaskQueue("nobody-polls")
            .setTypedSearchAttributes(SearchAttributes.newBuilder()
                .set(DeploySearchAttributes.SERVICE_NAME, "cool-api")
                .set(DeploySearchAttributes.PHASE, "queued")
                .build())
            .build());
        WorkflowExecution execution = stub.start();
        var described = stubs.blockingStub().describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(temporal.namespace()).setExecution(execution).build());
        assertThat(described.getWorkflowExecutionInfo().getSearchAttributes().getIndexedFieldsMap())
            .containsKeys("DpServiceName", "DpPhase");
      } finally {
        stubs.shutdownNow();
      }
    }
  }

  @io.temporal.workflow.WorkflowInterface
  public interface AwaitsASignal {
    @io.temporal.workflow.WorkflowMethod
    void run();

    @io.temporal.workflow.SignalMethod
    void go();
  }

  public static class AwaitsASignalImpl implements AwaitsASignal {
    private boolean go;

    @Override
    public void run() {
      io.temporal.workflow.Workflow.await(() -> go);
    }

    @Override
    public void go() {
      go = true;
    }
  }

  /**
   * A workflow that waits on nothing the server tracks (a signal here; a host queue nobody polls
   * any more, after a worker was killed) must not have its timeouts skipped to.
   */
  @Test
  void runsInRealTimeSoTimeoutsDoNotFireEarly() throws Exception {
    try (EmbeddedTemporal temporal = EmbeddedTemporal.start(0)) {
      WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.target()).build());
      io.temporal.worker.WorkerFactory factory = null;
      try {
        WorkflowClient client = WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(temporal.namespace()).build());
        factory = io.temporal.worker.WorkerFactory.newInstance(client);
        factory.newWorker("real-time").registerWorkflowImplementationTypes(AwaitsASignalImpl.class);
        factory.start();
        AwaitsASignal workflow = client.newWorkflowStub(AwaitsASignal.class, WorkflowOptions.newBuilder()
            .setWorkflowId("real-time-probe")
            .setTaskQueue("real-time")
            .setWorkflowRunTimeout(java.time.Duration.ofSeconds(30))
            .build());
        WorkflowExecution execution = WorkflowClient.start(workflow::run);
        Thread.sleep(1500);
        var described = stubs.blockingStub().describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(temporal.namespace()).setExecution(execution).build());
        assertThat(described.getWorkflowExecutionInfo().getStatus())
            .as("a 30 s run timeout after 1.5 s")
            .isEqualTo(io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
        workflow.go();
      } finally {
        if (factory != null) {
          factory.shutdownNow();
        }
        stubs.shutdownNow();
      }
    }
  }
}
