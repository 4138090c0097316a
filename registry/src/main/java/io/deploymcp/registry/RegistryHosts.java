package io.deploymcp.registry;

/**
 * The two names of one registry (seed 001 §0, §11): {@code push} is the address the worker and
 * BuildKit reach it at from inside the cluster ({@code REGISTRY_HOST}, e.g. {@code 10.0.1.10:5000}:
 * pods do not resolve the nodes' {@code /etc/hosts}); {@code pull} is the name pod specs carry,
 * which every node's kubelet maps to the registry through k3s' {@code registries.yaml}
 * ({@code REGISTRY_PULL_HOST}, e.g. {@code registry.internal:5000}). Pushes, the skip check and
 * the build cache use the push name; the image a Deployment runs is named under the pull name,
 * by digest, so it is the same image whichever name reaches it.
 */
public record RegistryHosts(String push, String pull) {

  /** Both hosts checked as {@code host[:port]}; a blank {@code pull} means "the same as push". */
  public RegistryHosts {
    requireHost("REGISTRY_HOST", push);
    requireHost("REGISTRY_PULL_HOST", pull);
  }

  /** {@code pull} may be null or blank: then pods pull from the push address. */
  public static RegistryHosts of(String push, String pull) {
    String pushHost = push == null ? null : push.strip();
    return new RegistryHosts(pushHost, pull == null || pull.isBlank() ? pushHost : pull.strip());
  }

  /** Where a service's images are pushed and looked up: {@code <push>/dp-<tenant>-<project>/<service>}. */
  public String pushRepository(String tenant, String project, String service) {
    return ImageNames.repository(push, tenant, project, service);
  }

  /** Its build cache, on the push side only (kubelets never read it). */
  public String cacheRef(String tenant, String project, String service) {
    return ImageNames.cacheRef(push, tenant, project, service);
  }

  /** What a pod spec names for the image pushed with {@code digest}: {@code <pull>/dp-<tenant>-<project>/<service>@<digest>}. */
  public String pullRef(String tenant, String project, String service, String digest) {
    return ImageNames.digestRef(ImageNames.repository(pull, tenant, project, service), digest);
  }

  private static void requireHost(String variable, String host) {
    if (host == null || !ReferenceGrammar.isDomain(host)) {
      throw ReferenceGrammar.invalid(variable + " '" + host + "' is not host[:port] (no scheme, no path)");
    }
  }
}
