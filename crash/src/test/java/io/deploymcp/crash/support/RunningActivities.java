package io.deploymcp.crash.support;

import io.deploymcp.workflows.WorkflowIds;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Which activity of a deployment's workflow runs where, from Temporal (DescribeWorkflowExecution):
 * the activity type and the identity ({@code <pid>@<host>}) of the worker that started it. Tells
 * a suite which worker process to kill to interrupt a deployment, and afterwards which
 * deployments the kill interrupted.
 */
public final class RunningActivities implements AutoCloseable {
  private final WorkflowServiceStubs stubs;
  private final String namespace;

  public RunningActivities(String target, String namespace) {
    this.stubs =
        WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    this.namespace = namespace;
  }

  /** One started activity: its type, attempt, and the pid of the worker process running it. */
  public record Running(String type, int attempt, long workerPid) {}

  /** The deployment's activity that a worker has started and not finished, if any. */
  public Optional<Running> of(UUID deploymentId) {
    List<PendingActivityInfo> pending;
    try {
      pending =
          stubs
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(namespace)
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(WorkflowIds.deploy(deploymentId)))
                      .build())
              .getPendingActivitiesList();
    } catch (RuntimeException notThereYet) {
      return Optional.empty();
    }
    return pending.stream()
        .filter(a -> a.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED)
        .findFirst()
        .map(a -> new Running(a.getActivityType().getName(), a.getAttempt(), pid(a.getLastWorkerIdentity())));
  }

  /** The pid in a default worker identity ({@code <pid>@<host>}); -1 when it is not one. */
  static long pid(String identity) {
    int at = identity.indexOf('@');
    try {
      return at > 0 ? Long.parseLong(identity.substring(0, at)) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    stubs.shutdownNow();
  }
}
