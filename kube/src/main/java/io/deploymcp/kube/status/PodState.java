package io.deploymcp.kube.status;

/**
 * One pod of a service as the cluster reports it.
 *
 * @param name the pod's name
 * @param phase {@code Pending}, {@code Running}, {@code Succeeded}, {@code Failed} or {@code
 *     Unknown}
 * @param ready whether every container is ready
 * @param restartCount the restarts of its containers, summed
 * @param reason why it is not running and ready now, short: a container's waiting or terminated
 *     reason ({@code CrashLoopBackOff}, {@code ImagePullBackOff}, {@code
 *     CreateContainerConfigError}, {@code Error}), the scheduler's ({@code Unschedulable}) or the
 *     pod's; null when it is running and ready
 * @param lastTerminationReason why the previous instance of a container ended ({@code
 *     OOMKilled}, {@code Error}, {@code Completed}); null when none ended
 * @param lastExitCode that instance's exit code; null when none ended
 */
public record PodState(
    String name,
    String phase,
    boolean ready,
    int restartCount,
    String reason,
    String lastTerminationReason,
    Integer lastExitCode) {

  /** Running and ready, nothing to explain. */
  public boolean healthy() {
    return ready && reason == null;
  }
}
