package io.deploymcp.api.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How the API reads the cluster (live status, runtime logs). The cluster itself is the one in
 * {@code KUBECONFIG} ({@code dp.components.kubeconfig}) or, inside a pod, the service account's.
 */
@ConfigMapping(prefix = "dp.cluster")
public interface ClusterSettings {

  /** DP_CLUSTER_STATUS_TTL: how long a service's live status is reused before it is read again. */
  @WithDefault("5s")
  Duration statusTtl();

  /** DP_CLUSTER_REQUEST_TIMEOUT: deadline of each request to the API server (connect and answer). */
  @WithDefault("5s")
  Duration requestTimeout();
}
