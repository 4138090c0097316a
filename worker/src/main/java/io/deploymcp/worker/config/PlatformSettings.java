package io.deploymcp.worker.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * What the operator configured for the platform around the worker, from the environment
 * variables of docs/architecture.md (mapped in application.properties). Blank means unset.
 *
 * @param buildkitHost {@code BUILDKIT_HOST}: tcp://, unix:// or a Docker engine socket
 * @param registryHost {@code REGISTRY_HOST}: where built images are pushed
 * @param lokiPushUrl {@code LOKI_PUSH_URL}: where build and runtime logs go
 * @param kubeconfig {@code KUBECONFIG}: path of the kubeconfig for the k3s cluster
 * @param allowLocalRepos {@code DP_ALLOW_LOCAL_REPOS}: allow file:// and loopback http:// repos
 * @param registryPullHost {@code REGISTRY_PULL_HOST}: the registry's name in pod specs, which the
 *     nodes' kubelets resolve through k3s' registries.yaml (seed 001 §0, §11); blank: the same as
 *     {@code registryHost}
 */
@ConfigurationProperties(prefix = "dp")
public record PlatformSettings(
    String buildkitHost,
    String registryHost,
    String lokiPushUrl,
    String kubeconfig,
    boolean allowLocalRepos,
    String registryPullHost) {

  @ConstructorBinding
  public PlatformSettings {}

  /** Pods pull from where images are pushed (no REGISTRY_PULL_HOST). */
  public PlatformSettings(
      String buildkitHost, String registryHost, String lokiPushUrl, String kubeconfig, boolean allowLocalRepos) {
    this(buildkitHost, registryHost, lokiPushUrl, kubeconfig, allowLocalRepos, null);
  }

  public boolean hasBuildkit() {
    return isSet(buildkitHost);
  }

  public boolean hasRegistry() {
    return isSet(registryHost);
  }

  /** The name pod specs use for the registry: REGISTRY_PULL_HOST, else REGISTRY_HOST. */
  public String pullHost() {
    return isSet(registryPullHost) ? registryPullHost.strip() : registryHost == null ? null : registryHost.strip();
  }

  public boolean hasLoki() {
    return isSet(lokiPushUrl);
  }

  public static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
