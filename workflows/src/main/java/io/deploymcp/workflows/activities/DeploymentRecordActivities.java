package io.deploymcp.workflows.activities;

import io.deploymcp.workflows.DeploymentStatus;
import io.temporal.activity.ActivityInterface;
import java.util.List;
import java.util.UUID;

/** Writes a deployment's progress to the control-plane database as it happens. */
@ActivityInterface
public interface DeploymentRecordActivities {

  /**
   * Marks older, still-active deployments of the same service and environment as
   * superseded and returns their ids, so the workflow can cancel their workflows.
   */
  List<UUID> supersedeOlder(UUID deploymentId);

  /**
   * Moves the deployment into {@code phase} (CLONING, BUILDING or DEPLOYING) and stamps the
   * phase's start time. Returns false, changing nothing, when the deployment was superseded
   * or cancelled meanwhile: the workflow must stop.
   */
  boolean enterPhase(UUID deploymentId, DeploymentStatus phase);

  /** Records the commit the checkout resolved. */
  void recordCommit(UUID deploymentId, String commitSha);

  /** Records success: the deployment runs {@code imageRef}. */
  void markRunning(UUID deploymentId, String imageRef);

  /** Records the structured error; no-op when the deployment is already terminal. */
  void markFailed(UUID deploymentId, DeploymentFailure failure);

  /** Records cancellation; keeps {@code superseded} when that was set first. */
  void markCancelled(UUID deploymentId);

  /**
   * For a service being deleted: marks every active deployment cancelled and returns their
   * ids so the delete workflow can cancel their workflows.
   */
  List<UUID> cancelActiveDeployments(UUID serviceId);
}
