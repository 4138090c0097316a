package io.deploymcp.api.cluster;

import io.deploymcp.kube.status.PodState;
import io.deploymcp.kube.status.WorkloadState;
import java.time.Instant;
import java.util.List;

/**
 * What the cluster says about one environment of a service, read at {@code observedAt} (null
 * when no cluster is configured; shared
 * by the API's readers for a few seconds). {@code state} is {@code ok} (the counts and pods are
 * filled in), {@code not_configured} (the API has no cluster) or {@code unavailable} (the
 * cluster could not be read); the other two carry a short {@code reason} and no counts.
 *
 * @param deployed whether the environment's Deployment exists
 * @param restarts the pods' restarts, summed
 * @param pods newest first
 */
public record LiveStatusView(
    String state,
    String reason,
    Boolean deployed,
    Integer desiredReplicas,
    Integer readyReplicas,
    Integer updatedReplicas,
    Integer availableReplicas,
    Integer restarts,
    List<PodView> pods,
    Instant observedAt) {

  public static final String OK = "ok";
  public static final String NOT_CONFIGURED = "not_configured";
  public static final String UNAVAILABLE = "unavailable";

  /**
   * One pod. {@code reason} says why it is not running and ready (e.g. {@code CrashLoopBackOff},
   * {@code ImagePullBackOff}, {@code Unschedulable}); {@code lastTerminationReason} and {@code
   * lastExitCode} how its previous container instance ended (e.g. {@code OOMKilled}, 137).
   */
  public record PodView(
      String name,
      String phase,
      boolean ready,
      int restartCount,
      String reason,
      String lastTerminationReason,
      Integer lastExitCode) {

    static PodView of(PodState pod) {
      return new PodView(pod.name(), pod.phase(), pod.ready(), pod.restartCount(), pod.reason(),
          pod.lastTerminationReason(), pod.lastExitCode());
    }
  }

  public static LiveStatusView of(WorkloadState state) {
    return new LiveStatusView(
        OK, null, state.deployed(), state.desiredReplicas(), state.readyReplicas(),
        state.updatedReplicas(), state.availableReplicas(), state.restarts(),
        state.pods().stream().map(PodView::of).toList(), state.observedAt());
  }

  /** No cluster: nothing was observed, so no {@code observedAt}. */
  public static LiveStatusView notConfigured(String reason) {
    return new LiveStatusView(NOT_CONFIGURED, reason, null, null, null, null, null, null, List.of(), null);
  }

  public static LiveStatusView unavailable(String reason, Instant at) {
    return new LiveStatusView(UNAVAILABLE, reason, null, null, null, null, null, null, List.of(), at);
  }
}
