package io.deploymcp.infra.support;

import java.util.Map;

/** One Kubernetes object as parsed YAML, and where it came from (a file, a chart render). */
public record KubeObject(String source, Map<String, Object> object) {

  public String kind() {
    return String.valueOf(object.get("kind"));
  }

  public String name() {
    return String.valueOf(Yaml.at(object, "metadata.name"));
  }

  public String namespace() {
    Object ns = Yaml.at(object, "metadata.namespace");
    return ns == null ? null : ns.toString();
  }

  /** The pod template's spec of a workload; null for objects that run no pods. */
  public Map<String, Object> podSpec() {
    return switch (kind()) {
      case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" -> Yaml.map(object, "spec.template.spec");
      case "CronJob" -> Yaml.map(object, "spec.jobTemplate.spec.template.spec");
      case "Pod" -> Yaml.map(object, "spec");
      default -> null;
    };
  }

  @Override
  public String toString() {
    return kind() + " " + (namespace() == null ? "" : namespace() + "/") + name() + " (" + source + ")";
  }
}
