package io.deploymcp.worker.cluster;

import io.deploymcp.kube.access.ClusterAccess;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the worker can reach a cluster, decided by kube's {@link ClusterAccess} (as the API
 * decides it): a readable kubeconfig at {@code KUBECONFIG}, or the service-account files
 * Kubernetes mounts into a pod (in-cluster config); plus the startup report's line about it.
 *
 * @param kubeconfig the value of KUBECONFIG (blank when unset)
 * @param serviceHost the value of KUBERNETES_SERVICE_HOST (set inside a pod)
 * @param serviceAccountToken where the in-cluster token would be mounted
 */
public record KubernetesAccess(String kubeconfig, String serviceHost, Path serviceAccountToken) {
  public static final Path IN_CLUSTER_TOKEN = ClusterAccess.IN_CLUSTER_TOKEN;

  public static KubernetesAccess fromEnvironment(String kubeconfig) {
    return new KubernetesAccess(
        kubeconfig, System.getenv("KUBERNETES_SERVICE_HOST"), IN_CLUSTER_TOKEN);
  }

  /** The shared decision (and fabric8 configuration) behind this one. */
  public ClusterAccess access() {
    return new ClusterAccess(Optional.ofNullable(kubeconfig), serviceHost, serviceAccountToken);
  }

  public boolean hasKubeconfig() {
    return access().kubeconfigFile().isPresent();
  }

  public boolean inCluster() {
    return access().inCluster();
  }

  public boolean isConfigured() {
    return access().isConfigured();
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
