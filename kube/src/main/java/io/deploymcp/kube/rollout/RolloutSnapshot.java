package io.deploymcp.kube.rollout;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;

/**
 * What the watches show of one rollout at one moment.
 *
 * @param deployment the Deployment, or null when there is none
 * @param newReplicaSet the ReplicaSet of this deployment's pod template, or null before the
 *     Deployment controller made it
 * @param pods this deployment's pods (by the deployment-id pod label)
 * @param events the events of the namespace (filtered by the diagnosis)
 */
record RolloutSnapshot(
    Deployment deployment, ReplicaSet newReplicaSet, List<Pod> pods, List<Event> events) {
  RolloutSnapshot {
    pods = List.copyOf(pods);
    events = List.copyOf(events);
  }
}
