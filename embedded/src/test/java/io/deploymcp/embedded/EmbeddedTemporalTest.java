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
}
