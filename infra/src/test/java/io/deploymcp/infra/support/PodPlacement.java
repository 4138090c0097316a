package io.deploymcp.infra.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What seed 001 §0/§2 ask of a pod spec: its pool, the tolerations of that pool, resources. */
public final class PodPlacement {
  private PodPlacement() {}

  /** Problems of a pod spec meant for {@code pool}; empty when it is placed right. */
  public static List<String> onPool(Map<String, Object> podSpec, Pool pool) {
    List<String> problems = new ArrayList<>();
    Object selected = Yaml.at(podSpec, "nodeSelector.pool");
    if (!pool.label().equals(selected)) {
      problems.add("nodeSelector.pool is " + selected + ", not " + pool.label());
    }
    if (!pool.toleratedBy(Yaml.list(podSpec, "tolerations"))) {
      problems.add("no toleration of pool=" + pool.label() + ":NoSchedule");
    }
    problems.addAll(resources(podSpec));
    return problems;
  }

  /** A DaemonSet meant for every node: no node selector, and it tolerates both tainted pools. */
  public static List<String> onEveryNode(Map<String, Object> podSpec) {
    List<String> problems = new ArrayList<>();
    if (Yaml.at(podSpec, "nodeSelector.pool") != null) {
      problems.add("a node selector on pool keeps it off the other pools");
    }
    for (Pool pool : Pool.values()) {
      if (!pool.toleratedBy(Yaml.list(podSpec, "tolerations"))) {
        problems.add("does not tolerate pool=" + pool.label());
      }
    }
    problems.addAll(resources(podSpec));
    return problems;
  }

  /** Every container and init container requests and limits cpu and memory. */
  public static List<String> resources(Map<String, Object> podSpec) {
    List<String> problems = new ArrayList<>();
    for (String list : List.of("initContainers", "containers")) {
      List<Object> containers = Yaml.list(podSpec, list);
      if (containers == null) {
        continue;
      }
      for (Object c : containers) {
        problems.addAll(containerResources("container " + Yaml.at(c, "name"), Yaml.map(c, "resources")));
      }
    }
    return problems;
  }

  /** A resources block (of a container, or a chart value that becomes one) sets all four. */
  public static List<String> containerResources(String what, Map<String, Object> resources) {
    List<String> problems = new ArrayList<>();
    for (String path : List.of("requests.cpu", "requests.memory", "limits.cpu", "limits.memory")) {
      if (resources == null || Yaml.at(resources, path) == null) {
        problems.add(what + " has no resources." + path);
      }
    }
    return problems;
  }
}
