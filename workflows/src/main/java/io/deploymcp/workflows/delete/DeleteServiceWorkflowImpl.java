package io.deploymcp.workflows.delete;

import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.WorkflowIds;
import io.deploymcp.workflows.activities.ClusterActivities;
import io.deploymcp.workflows.activities.DeploymentRecordActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.ExternalWorkflowStub;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Deletes a service: marks its active deployments cancelled, cancels their workflows so no
 * build or apply of it keeps running, then removes its objects from the cluster.
 */
public final class DeleteServiceWorkflowImpl implements DeleteServiceWorkflow {

  private final DeploymentRecordActivities records =
      Workflow.newActivityStub(
          DeploymentRecordActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(15))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofMillis(500))
                      .setBackoffCoefficient(2)
                      .setMaximumInterval(Duration.ofSeconds(10))
                      .setMaximumAttempts(8)
                      .build())
              .build());

  // Removal must eventually happen (the name is already freed), so it retries for longer;
  // an unconfigured cluster is not an error here: nothing could have been applied.
  private final ClusterActivities cluster =
      Workflow.newActivityStub(
          ClusterActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(5))
              .setHeartbeatTimeout(Duration.ofSeconds(30))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(2))
                      .setBackoffCoefficient(2)
                      .setMaximumInterval(Duration.ofMinutes(1))
                      .setMaximumAttempts(10)
                      .setDoNotRetry(FailureCodes.KUBERNETES_NOT_CONFIGURED)
                      .build())
              .build());

  @Override
  public void delete(DeleteServiceRequest request) {
    List<UUID> active = records.cancelActiveDeployments(request.serviceId());
    // Not waiting for the answers: the rows are already cancelled, so those workflows stop
    // at their next enterPhase even if a request is late, and a workflow that closed
    // meanwhile must not hold the delete up.
    for (UUID deploymentId : active) {
      ExternalWorkflowStub stub =
          Workflow.newUntypedExternalWorkflowStub(WorkflowIds.deploy(deploymentId));
      Async.procedure(stub::cancel).exceptionally(alreadyClosed -> null);
    }
    cluster.removeService(request.serviceId());
  }
}
