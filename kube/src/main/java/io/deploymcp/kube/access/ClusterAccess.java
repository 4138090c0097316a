package io.deploymcp.kube.access;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a process can reach a cluster, decided the same way by the worker (which applies) and
 * the API (which reads live status and logs): a readable kubeconfig named by {@code KUBECONFIG}
 * (the first readable one of a {@code :}-separated list, as kubectl reads it), or the
 * service-account files Kubernetes mounts into a pod.
 *
 * @param kubeconfig the value of KUBECONFIG (empty when unset)
 * @param serviceHost the value of KUBERNETES_SERVICE_HOST (set inside a pod)
 * @param serviceAccountToken where the in-cluster token would be mounted
 */
public record ClusterAccess(Optional<String> kubeconfig, String serviceHost, Path serviceAccountToken) {
  public static final Path IN_CLUSTER_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

  public static ClusterAccess fromEnvironment(Optional<String> kubeconfig) {
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

  /**
   * fabric8's configuration for {@code component}: {@link #config()} with the component's
   * User-Agent ({@code deploy-mcp-worker/<version>}, {@code deploy-mcp-api/<version>}), so the
   * API server's audit log and the test stand-in's request record tell who called.
   */
  public Config config(ClusterComponent component) {
    Config config = config();
    config.setUserAgent(component.userAgent());
    return config;
  }

  /**
   * fabric8's configuration: from the kubeconfig file (its path given, so relative certificate
   * paths resolve), else fabric8's auto-configuration, which reads the service account in a pod.
   */
  public Config config() {
    Optional<Path> file = kubeconfigFile();
    if (file.isEmpty()) {
      return Config.autoConfigure(null);
    }
    try {
      return Config.fromKubeconfig(null, Files.readString(file.get()), file.get().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("KUBECONFIG " + file.get() + " could not be read", e);
    }
  }
}
