package io.deploymcp.kube.status;

import io.deploymcp.kube.spec.DeployEnvironment;
import java.time.Instant;
import java.util.List;

/**
 * A service's workload in one environment as the cluster reports it.
 *
 * @param environment production or preview
 * @param namespace the project's namespace
 * @param workload the Deployment's name ({@code <service>} or {@code preview-<service>})
 * @param deployed whether the Deployment exists
 * @param desiredReplicas {@code spec.replicas} (0 when there is no Deployment)
 * @param readyReplicas {@code status.readyReplicas}
 * @param updatedReplicas {@code status.updatedReplicas}: pods of the newest template
 * @param availableReplicas {@code status.availableReplicas}
 * @param deploymentId the deployment row the Deployment was last applied for, or null
 * @param pods the workload's pods, newest first
 * @param observedAt when the cluster was read
 */
public record WorkloadState(
    DeployEnvironment environment,
    String namespace,
    String workload,
    boolean deployed,
    int desiredReplicas,
    int readyReplicas,
    int updatedReplicas,
    int availableReplicas,
    String deploymentId,
    List<PodState> pods,
    Instant observedAt) {

  public WorkloadState {
    pods = List.copyOf(pods);
  }

  /** The sum of the pods' restart counts. */
  public int restarts() {
    return pods.stream().mapToInt(PodState::restartCount).sum();
  }
}
