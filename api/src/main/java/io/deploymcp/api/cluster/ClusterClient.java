package io.deploymcp.api.cluster;

import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.kube.access.ClusterAccess;
import io.deploymcp.kube.access.ClusterComponent;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The API's one fabric8 client, when a cluster is configured (see kube's {@link ClusterAccess}); none
 * otherwise, and the API works on without it. It runs on the JDK's HTTP client (fabric8's
 * default, Vert.x 5, would clash with Quarkus's Vert.x 4), with short timeouts so a slow API
 * server cannot hold a GET for long, and identifies itself as {@code deploy-mcp-api/<version>}
 * (kube's {@link ClusterComponent#API}; its ClusterRole in the chart grants exactly kube's {@code
 * ClusterPermissions.of(API)}).
 */
@Singleton
public class ClusterClient {
  public static final String USER_AGENT = ClusterComponent.API.userAgent();
  private static final Logger LOG = Logger.getLogger(ClusterClient.class);

  private final KubernetesClient client;
  private final String notConfiguredReason;

  public ClusterClient(ApiConfig config, ClusterSettings settings) {
    ClusterAccess access = ClusterAccess.fromEnvironment(config.components().kubeconfig());
    KubernetesClient built = null;
    String reason = notConfiguredReason(access);
    if (access.isConfigured()) {
      try {
        built = build(access, settings);
      } catch (RuntimeException e) {
        // A kubeconfig that cannot be used must not break the API: it reads as no cluster.
        reason = "no Kubernetes cluster is configured: the kubeconfig could not be used ("
            + e.getClass().getSimpleName() + ")";
      }
    }
    this.client = built;
    this.notConfiguredReason = reason;
    LOG.infof("Kubernetes for live status and runtime logs: %s",
        client == null ? notConfiguredReason
            : access.kubeconfigFile().map(p -> "kubeconfig " + p).orElse("in-cluster service account"));
  }

  /** The client, or empty when no cluster is configured. */
  public Optional<KubernetesClient> client() {
    return Optional.ofNullable(client);
  }

  public String notConfiguredReason() {
    return notConfiguredReason;
  }

  /** Why there is no cluster, for the live status and the runtime-log error (no paths beyond KUBECONFIG's). */
  static String notConfiguredReason(ClusterAccess access) {
    if (access.kubeconfig().isPresent() && !access.kubeconfig().get().isBlank()) {
      return "no Kubernetes cluster is configured: KUBECONFIG names no readable file";
    }
    return "no Kubernetes cluster is configured (KUBECONFIG is not set and the API runs outside a cluster)";
  }

  private static KubernetesClient build(ClusterAccess access, ClusterSettings settings) {
    Config config = access.config(ClusterComponent.API);
    int timeoutMillis = (int) settings.requestTimeout().toMillis();
    config.setConnectionTimeout(timeoutMillis);
    config.setRequestTimeout(timeoutMillis);
    // A read is retried by the next GET after the cache expires, not inside this one.
    config.setRequestRetryBackoffLimit(0);
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(new JdkHttpClientFactory())
        .build();
  }

  @PreDestroy
  void close() {
    if (client != null) {
      client.close();
    }
  }
}
