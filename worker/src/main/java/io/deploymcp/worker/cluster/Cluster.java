package io.deploymcp.worker.cluster;

import io.deploymcp.kube.settings.ClusterSettings;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The cluster this worker deploys to: KUBECONFIG, or the in-cluster service account, plus the
 * operator's settings for the objects (docs/kubernetes.md §7). One client for the process,
 * made on first use.
 */
@Component
public class Cluster implements DisposableBean {
  /** A usable cluster and how long its operations may take. */
  public record Connected(
      KubernetesClient client, ClusterSettings settings, Duration rolloutTimeout, Duration removeTimeout) {}

  private final KubernetesAccess access;
  private final ClusterSettings settings;
  private final Duration rolloutTimeout;
  private final Duration removeTimeout;
  private KubernetesClient client;

  @Autowired
  public Cluster(
      KubernetesAccess access,
      @Value("${dp.apps-domain:apps.localhost}") String appsDomain,
      @Value("${dp.cluster.runtime-class:gvisor}") String runtimeClass,
      @Value("${dp.cluster.sandbox-disabled:false}") boolean sandboxDisabled,
      @Value("${dp.cluster.ingress-class:traefik}") String ingressClass,
      @Value("${dp.cluster.rollout-timeout:120s}") Duration rolloutTimeout) {
    this(
        access,
        ClusterSettings.builder(appsDomain)
            .runtimeClassName(runtimeClass)
            .sandboxDisabled(sandboxDisabled)
            .ingressClassName(ingressClass)
            .build(),
        rolloutTimeout,
        Duration.ofMinutes(2));
  }

  public Cluster(KubernetesAccess access, ClusterSettings settings, Duration rolloutTimeout, Duration removeTimeout) {
    this.access = access;
    this.settings = settings;
    this.rolloutTimeout = rolloutTimeout;
    this.removeTimeout = removeTimeout;
  }

  public boolean isConfigured() {
    return access.isConfigured();
  }

  public synchronized Connected connect() {
    if (client == null) {
      client = new KubernetesClientBuilder().withConfig(config()).build();
    }
    return new Connected(client, settings, rolloutTimeout, removeTimeout);
  }

  private Config config() {
    if (access.hasKubeconfig()) {
      try {
        return Config.fromKubeconfig(Files.readString(Path.of(access.kubeconfig())));
      } catch (IOException e) {
        throw new UncheckedIOException("KUBECONFIG is not readable", e);
      }
    }
    return Config.autoConfigure(null);
  }

  @Override
  public synchronized void destroy() {
    if (client != null) {
      client.close();
    }
  }
}
