package io.deploymcp.api.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the API can reach a cluster, decided as the worker decides it ({@code
 * worker/cluster/KubernetesAccess}): a readable kubeconfig named by {@code KUBECONFIG} (the first
 * readable one of a {@code :}-separated list), or the service-account files Kubernetes mounts
 * into a pod.
 *
 * @param kubeconfig the value of KUBECONFIG (empty when unset)
 * @param serviceHost the value of KUBERNETES_SERVICE_HOST (set inside a pod)
 * @param serviceAccountToken where the in-cluster token would be mounted
 */
public record ClusterAccess(Optional<String> kubeconfig, String serviceHost, Path serviceAccountToken) {
  public static final Path IN_CLUSTER_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

  public static ClusterAccess of(Optional<String> kubeconfig) {
    return new ClusterAccess(kubeconfig, System.getenv("KUBERNETES_SERVICE_HOST"), IN_CLUSTER_TOKEN);
  }

  /** The first readable file of KUBECONFIG, if any. */
  public Optional<Path> kubeconfigFile() {
    if (kubeconfig.isEmpty() || kubeconfig.get().isBlank()) {
      return Optional.empty();
    }
    for (String file : kubeconfig.get().split(":")) {
      if (!file.isBlank() && Files.isRegularFile(Path.of(file)) && Files.isReadable(Path.of(file))) {
        return Optional.of(Path.of(file));
      }
    }
    return Optional.empty();
  }

  public boolean inCluster() {
    return serviceHost != null && !serviceHost.isBlank() && Files.isReadable(serviceAccountToken);
  }

  public boolean isConfigured() {
    return kubeconfigFile().isPresent() || inCluster();
  }

  /** Why there is no cluster, for the live status and the runtime-log error (no paths beyond KUBECONFIG's). */
  public String notConfiguredReason() {
    if (kubeconfig.isPresent() && !kubeconfig.get().isBlank()) {
      return "no Kubernetes cluster is configured: KUBECONFIG names no readable file";
    }
    return "no Kubernetes cluster is configured (KUBECONFIG is not set and the API runs outside a cluster)";
  }
}
