package io.deploymcp.workflows.deploy;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One deployment: checkout, build and push, apply, await rollout. Its workflow id is
 * {@code WorkflowIds.deploy(deploymentId)}. A newer deploy of the same service and
 * environment supersedes it; cancelling it records {@code cancelled}.
 */
@WorkflowInterface
public interface DeployWorkflow {
  @WorkflowMethod
  DeployOutcome deploy(DeployRequest request);

  /** The current status, for callers that read progress from Temporal. */
  @QueryMethod
  String status();
}
