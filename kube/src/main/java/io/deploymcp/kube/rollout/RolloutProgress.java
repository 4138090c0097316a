package io.deploymcp.kube.rollout;

import java.util.List;

/**
 * Where a rollout that is still waiting stands: the new ReplicaSet's ready pods against the
 * desired count, each live pod of this deployment with its phase and the reason it is not ready
 * (a waiting container's reason such as {@code CrashLoopBackOff}, or null), and the one-line
 * {@code status} the heartbeat carries.
 */
public record RolloutProgress(int ready, int desired, List<Pod> pods, String status) {
  public RolloutProgress {
    pods = List.copyOf(pods);
  }

  /** One pod of the rollout; {@code reason} is null while nothing holds it back. */
  public record Pod(String name, String phase, boolean ready, int restarts, String reason) {}

  /** Equal when what a watcher would see is equal (the status line may word it the same way). */
  public boolean sameAs(RolloutProgress other) {
    return other != null && ready == other.ready && desired == other.desired && pods.equals(other.pods);
  }
}
