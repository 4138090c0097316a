package io.deploymcp.worker.cluster;

import io.deploymcp.kube.access.ClusterComponent;
import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.worker.config.ClusterConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Duration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The cluster this worker deploys to: KUBECONFIG, or the in-cluster service account, plus the
 * operator's settings for the objects (docs/kubernetes.md §7, read and checked by {@link
 * ClusterConfiguration}). One client for the process,
 * made on first use, identifying itself as {@code deploy-mcp-worker/<version>} (its ClusterRole in
 * the chart grants exactly kube's {@code ClusterPermissions.of(WORKER)}).
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

  /** The remove activity has 5 minutes; this leaves room for waiting on the project's lock. */
  public static final Duration REMOVE_TIMEOUT = Duration.ofMinutes(2);

  @Autowired
  public Cluster(KubernetesAccess access, ClusterConfiguration configuration) {
    this(access, configuration.settings(), configuration.rolloutTimeout(), REMOVE_TIMEOUT);
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
      // Named, not discovered: with Vert.x on the class path (the stand-in's, in tests) fabric8
      // would pick it over the JDK client the worker ships with.
      client =
          new KubernetesClientBuilder()
              .withHttpClientFactory(new JdkHttpClientFactory())
              .withConfig(access.access().config(ClusterComponent.WORKER))
              .build();
    }
    return new Connected(client, settings, rolloutTimeout, removeTimeout);
  }

  @Override
  public synchronized void destroy() {
    if (client != null) {
      client.close();
    }
  }
}
