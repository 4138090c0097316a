package io.deploymcp.workflows.activities;

import io.temporal.activity.ActivityInterface;
import java.util.UUID;

/** Applies a service to the cluster and watches it; removes it on delete. */
@ActivityInterface
public interface ClusterActivities {
  /** Server-side applies namespace, policies, Secret, Deployment, Service and Ingress. */
  void apply(UUID deploymentId, String imageRef);

  /** Waits until the rollout is available or explains why it failed. */
  void awaitRollout(UUID deploymentId);

  /** Removes every object of the service in every environment and waits until gone. */
  void removeService(UUID serviceId);
}
