package io.deploymcp.worker.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the worker can reach a cluster: a readable kubeconfig at {@code KUBECONFIG}, or the
 * service-account files Kubernetes mounts into a pod (in-cluster config).
 *
 * @param kubeconfig the value of KUBECONFIG (blank when unset)
 * @param serviceHost the value of KUBERNETES_SERVICE_HOST (set inside a pod)
 * @param serviceAccountToken where the in-cluster token would be mounted
 */
public record KubernetesAccess(String kubeconfig, String serviceHost, Path serviceAccountToken) {
  public static final Path IN_CLUSTER_TOKEN =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

  public static KubernetesAccess fromEnvironment(String kubeconfig) {
    return new KubernetesAccess(
        kubeconfig, System.getenv("KUBERNETES_SERVICE_HOST"), IN_CLUSTER_TOKEN);
  }

  public boolean hasKubeconfig() {
    return kubeconfig != null && !kubeconfig.isBlank() && Files.isReadable(Path.of(kubeconfig));
  }

  public boolean inCluster() {
    return serviceHost != null && !serviceHost.isBlank() && Files.isReadable(serviceAccountToken);
  }

  public boolean isConfigured() {
    return hasKubeconfig() || inCluster();
  }

  /** One line for the startup report. */
  public String describe() {
    if (hasKubeconfig()) {
      return "Kubernetes: kubeconfig " + kubeconfig;
    }
    if (inCluster()) {
      return "Kubernetes: in-cluster service account";
    }
    if (kubeconfig != null && !kubeconfig.isBlank()) {
      return "Kubernetes: not configured (KUBECONFIG points to " + kubeconfig
          + ", which is not a readable file) — deploys will fail with KUBERNETES_NOT_CONFIGURED";
    }
    return "Kubernetes: not configured (set KUBECONFIG) — deploys will fail with"
        + " KUBERNETES_NOT_CONFIGURED";
  }
}
