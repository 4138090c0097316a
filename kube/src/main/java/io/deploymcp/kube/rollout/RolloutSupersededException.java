package io.deploymcp.kube.rollout;

import java.util.Optional;

/**
 * The Deployment being watched no longer belongs to this deployment: a newer one of the same
 * service was applied over it, or the service was deleted. Not a failure of the rollout; the
 * newer operation owns the outcome.
 */
public final class RolloutSupersededException extends RuntimeException {
  private final String supersededBy;

  public RolloutSupersededException(String message, String supersededBy) {
    super(message);
    this.supersededBy = supersededBy;
  }

  /** The deployment id now on the Deployment; empty when the Deployment is gone. */
  public Optional<String> supersededBy() {
    return Optional.ofNullable(supersededBy);
  }
}
