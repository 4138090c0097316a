package io.deploymcp.helm;

import io.deploymcp.kube.access.ClusterComponent;
import io.deploymcp.kube.access.ClusterPermissions;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.Set;
import java.util.TreeSet;

/** The ClusterRoles of a rendering, as ClusterPermissions names grants ({@code apps/deployments get}). */
final class RenderedRbac {
  private RenderedRbac() {}

  static String roleName(ClusterComponent component) {
    return Chart.RELEASE + "-" + (component == ClusterComponent.WORKER ? "worker" : "api");
  }

  static ClusterRole role(Chart.Rendered rendered, ClusterComponent component) {
    return rendered.get(ClusterRole.class, roleName(component));
  }

  static ClusterRoleBinding binding(Chart.Rendered rendered, ClusterComponent component) {
    return rendered.get(ClusterRoleBinding.class, roleName(component));
  }

  /** Every (group, resource, verb) the role grants; a wildcard or resourceNames would be an error. */
  static Set<String> grants(ClusterRole role) {
    Set<String> grants = new TreeSet<>();
    for (PolicyRule rule : role.getRules()) {
      if (rule.getResourceNames() != null && !rule.getResourceNames().isEmpty()) {
        throw new AssertionError("rule with resourceNames in " + role.getMetadata().getName() + ": " + rule);
      }
      if (rule.getNonResourceURLs() != null && !rule.getNonResourceURLs().isEmpty()) {
        grants.add("nonResourceURLs " + rule.getNonResourceURLs());
      }
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            grants.add(ClusterPermissions.grant(group, resource, verb));
          }
        }
      }
    }
    return grants;
  }
}
