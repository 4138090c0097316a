package io.deploymcp.worker.cluster;

import io.deploymcp.worker.failure.ActivityFailures;
import io.deploymcp.worker.failure.WorkerFailureCodes;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.activities.ClusterActivities;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies services to the cluster and removes them. The Kubernetes client arrives with
 * issue 5; without a cluster, apply fails permanently with KUBERNETES_NOT_CONFIGURED, and
 * remove succeeds because nothing can have been applied.
 */
@Component("clusterActivities")
public class ClusterActivitiesImpl implements ClusterActivities {
  private static final Logger log = LoggerFactory.getLogger(ClusterActivitiesImpl.class);
  static final String NOT_CONFIGURED_HINT =
      "Set KUBECONFIG on the worker to a kubeconfig for the k3s cluster (or run the worker in"
          + " the cluster) and redeploy.";

  private final KubernetesAccess access;

  public ClusterActivitiesImpl(KubernetesAccess access) {
    this.access = access;
  }

  @Override
  public void apply(UUID deploymentId, String imageRef) {
    throw unavailable();
  }

  @Override
  public void awaitRollout(UUID deploymentId) {
    throw unavailable();
  }

  @Override
  public void removeService(UUID serviceId) {
    if (!access.isConfigured()) {
      log.info(
          "service {}: no Kubernetes is configured, so nothing of it can be running; nothing"
              + " to remove",
          serviceId);
      return;
    }
    throw notImplemented();
  }

  private RuntimeException unavailable() {
    if (!access.isConfigured()) {
      return ActivityFailures.permanent(
          FailureCodes.KUBERNETES_NOT_CONFIGURED, "no Kubernetes cluster is configured", NOT_CONFIGURED_HINT);
    }
    return notImplemented();
  }

  private static RuntimeException notImplemented() {
    return ActivityFailures.permanent(
        WorkerFailureCodes.CLUSTER_NOT_IMPLEMENTED,
        "this worker version cannot apply to Kubernetes yet (a cluster is configured, but the"
            + " Kubernetes client is not part of this release)",
        "Upgrade the worker to a release with the Kubernetes apply, then redeploy.");
  }
}
