package io.deploymcp.kube.podsecurity;

/**
 * One broken rule.
 *
 * @param rule the rule
 * @param path where in the object, e.g. {@code
 *     spec.template.spec.containers[app].securityContext.allowPrivilegeEscalation}
 * @param found what was found there, e.g. {@code true} or {@code unset}
 */
public record PodSecurityViolation(PodSecurityRule rule, String path, String found) {
  /** {@code RULE at path (found): requirement}. */
  public String describe() {
    return rule + " at " + path + " (" + found + "): " + rule.requirement();
  }
}
