package io.deploymcp.worker.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the operator configured for the platform around the worker, from the environment
 * variables of docs/architecture.md (mapped in application.properties). Blank means unset.
 *
 * @param buildkitHost {@code BUILDKIT_HOST}: tcp://, unix:// or a Docker engine socket
 * @param registryHost {@code REGISTRY_HOST}: where built images are pushed
 * @param lokiPushUrl {@code LOKI_PUSH_URL}: where build and runtime logs go
 * @param kubeconfig {@code KUBECONFIG}: path of the kubeconfig for the k3s cluster
 * @param allowLocalRepos {@code DP_ALLOW_LOCAL_REPOS}: allow file:// and loopback http:// repos
 */
@ConfigurationProperties(prefix = "dp")
public record PlatformSettings(
    String buildkitHost,
    String registryHost,
    String lokiPushUrl,
    String kubeconfig,
    boolean allowLocalRepos) {

  public boolean hasBuildkit() {
    return isSet(buildkitHost);
  }

  public boolean hasRegistry() {
    return isSet(registryHost);
  }

  public boolean hasLoki() {
    return isSet(lokiPushUrl);
  }

  public static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
