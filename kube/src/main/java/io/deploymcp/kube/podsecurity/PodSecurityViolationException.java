package io.deploymcp.kube.podsecurity;

import java.util.List;

/** A generated workload broke a pod security rule: a platform bug, never the user's input. */
public final class PodSecurityViolationException extends IllegalStateException {
  private final List<PodSecurityViolation> violations;

  public PodSecurityViolationException(String object, List<PodSecurityViolation> violations) {
    super(
        object
            + " breaks "
            + violations.size()
            + " pod security rule(s): "
            + String.join("; ", violations.stream().map(PodSecurityViolation::describe).toList()));
    this.violations = List.copyOf(violations);
  }

  public List<PodSecurityViolation> violations() {
    return violations;
  }
}
