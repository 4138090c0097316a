package io.deploymcp.kube.access;

import io.deploymcp.kube.apply.ClusterApplier;
import io.deploymcp.kube.rollout.RolloutWatcher;
import io.deploymcp.kube.status.LiveStatusReader;
import io.deploymcp.kube.status.RuntimeLogReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What one component of the platform calls on the Kubernetes API, as the rules of its
 * ClusterRole: the union of the {@code CLUSTER_CALLS} that each class making calls declares next
 * to its code ({@link ClusterApplier} with its removal, {@link RolloutWatcher} for the worker;
 * {@link LiveStatusReader} and {@link RuntimeLogReader} for the API). The Helm chart's
 * ClusterRoles must equal these (the helm module renders and compares them), and the calls the
 * test suites make against the Kubernetes stand-in must equal them too (nothing called that is
 * not granted, nothing granted that is never called).
 *
 * <p>ClusterRoles, not Roles: project namespaces ({@code dp-<tenant>-<project>}) are created at
 * run time, and namespaces themselves are cluster-scoped.
 *
 * @param rules one per (API group, resource), sorted by group then resource
 */
public record ClusterPermissions(ClusterComponent component, List<ResourceAccess> rules) {

  public ClusterPermissions {
    rules = List.copyOf(rules);
  }

  public static ClusterPermissions of(ClusterComponent component) {
    return switch (component) {
      case WORKER -> merged(component, ClusterApplier.CLUSTER_CALLS, RolloutWatcher.CLUSTER_CALLS);
      case API -> merged(component, LiveStatusReader.CLUSTER_CALLS, RuntimeLogReader.CLUSTER_CALLS);
    };
  }

  @SafeVarargs
  static ClusterPermissions merged(ClusterComponent component, List<ResourceAccess>... calls) {
    Map<List<String>, Set<Verb>> verbs = new LinkedHashMap<>();
    Stream.of(calls).flatMap(List::stream).forEach(call ->
        verbs.computeIfAbsent(List.of(call.apiGroup(), call.resource()), k -> EnumSet.noneOf(Verb.class))
            .addAll(call.verbs()));
    List<ResourceAccess> rules = new ArrayList<>();
    verbs.forEach((key, set) -> rules.add(new ResourceAccess(key.get(0), key.get(1), set)));
    rules.sort(Comparator.comparing(ResourceAccess::apiGroup).thenComparing(ResourceAccess::resource));
    return new ClusterPermissions(component, rules);
  }

  /** Every (group, resource, verb) granted, as {@code "apps/deployments get"} lines, sorted. */
  public Set<String> grants() {
    Set<String> grants = new TreeSet<>();
    for (ResourceAccess rule : rules) {
      for (Verb verb : rule.verbs()) {
        grants.add(grant(rule.apiGroup(), rule.resource(), verb.wireName()));
      }
    }
    return grants;
  }

  /**
   * How {@link #grants()} names one permission: {@code core/pods/log get}. The resource carries
   * its subresource after a slash, as in a Role.
   */
  public static String grant(String apiGroup, String resource, String verb) {
    return (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + " " + verb;
  }
}
