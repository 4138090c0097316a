package io.deploymcp.api.metrics;

import io.deploymcp.kube.naming.ServiceObjectNames;
import io.deploymcp.kube.spec.DeployEnvironment;
import io.deploymcp.kube.spec.ProjectRef;

/**
 * One service environment as the exporters label it, from the kube module's own naming: the
 * namespace of its project, the pods of its Deployment ({@code <workload>-<replicaset
 * hash>-<suffix>}), the container {@code app}, and the Traefik service of its Ingress
 * ({@code <namespace>-<Service name>-<port>@kubernetes}, Traefik's Kubernetes Ingress provider).
 */
public record MetricsTarget(String namespace, String workload, String container, String traefikService) {
  /** The container name the kube module gives every service's pod (PodTemplates.CONTAINER). */
  static final String CONTAINER = "app";

  public static MetricsTarget of(String tenant, String project, String service, DeployEnvironment environment, int port) {
    String namespace = new ProjectRef(tenant, project).namespace();
    String workload = ServiceObjectNames.of(service, environment).workload();
    return new MetricsTarget(namespace, workload, CONTAINER, namespace + "-" + workload + "-" + port + "@kubernetes");
  }

  /** RE2 matching exactly this Deployment's pods, not those of a service whose name extends it. */
  String podPattern() {
    return PromQl.quoteRegex(workload) + "-[a-z0-9]+-[a-z0-9]+";
  }
}
