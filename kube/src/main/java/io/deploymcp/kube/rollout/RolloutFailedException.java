package io.deploymcp.kube.rollout;

import java.util.Objects;

/**
 * A rollout that failed, explained: a stable {@link RolloutFailure code}, the evidence the
 * cluster gave (a status, an event, the memory limit, the probe's last answer), a hint telling
 * an agent what to change, and for a crashing container the last lines of its previous
 * instance. Because the Deployment rolls with {@code maxUnavailable: 0}, the previous version is
 * still serving when this is thrown.
 *
 * <p>The message, evidence and hint come from object status, events and the spec, never from
 * env values. The log tail is the application's own output: pass it through the worker's
 * secret redactor before storing or showing it.
 */
public final class RolloutFailedException extends RuntimeException {
  private final RolloutFailure code;
  private final String evidence;
  private final String hint;
  private final String logTail;

  public RolloutFailedException(RolloutFailure code, String evidence, String hint, String logTail) {
    super(Objects.requireNonNull(code, "code") + ": " + evidence);
    this.code = code;
    this.evidence = Objects.requireNonNull(evidence, "evidence");
    this.hint = Objects.requireNonNull(hint, "hint");
    this.logTail = logTail == null ? "" : logTail;
  }

  public RolloutFailure code() {
    return code;
  }

  /** What the cluster showed, e.g. {@code container app was OOMKilled … memory limit 256Mi}. */
  public String evidence() {
    return evidence;
  }

  /** What to change, for an agent or a person, e.g. {@code raise memory_mib above 256}. */
  public String hint() {
    return hint;
  }

  /**
   * For CRASH_LOOP and OOM_KILLED: the last (at most 50) log lines of the previous, crashed
   * container instance ({@code pods/log?previous=true}), newline-separated; otherwise empty.
   */
  public String logTail() {
    return logTail;
  }
}
