package io.deploymcp.registry;

/**
 * Where the platform puts images, in one place: the repository of a service and its build
 * cache. Pure functions; invalid input fails with {@link RegistryErrorCode#IMAGE_NAME_INVALID}
 * instead of being lowercased or rewritten, so two services can never map to one repository.
 */
public final class ImageNames {
  private ImageNames() {}

  /**
   * The repository a service's images go to: {@code <registryHost>/dp-<tenant>-<project>/<service>}.
   *
   * @param registryHost {@code REGISTRY_HOST}, e.g. {@code 127.0.0.1:5000}
   */
  public static String repository(String registryHost, String tenant, String project, String service) {
    requireHost(registryHost);
    requireComponent("tenant", tenant);
    requireComponent("project", project);
    requireComponent("service", service);
    return checkedLength(registryHost + "/dp-" + tenant + "-" + project + "/" + service);
  }

  /** The registry build cache of a service: {@code <registryHost>/cache/<service>:latest}. */
  /**
   * {@code host/cache/dp-<tenant>-<project>/<service>:latest}: the issue's
   * {@code cache/<service>}, scoped like the image itself, because a deleted service's name can
   * be taken by another tenant, who must not import the first one's layers.
   */
  public static String cacheRef(String registryHost, String tenant, String project, String service) {
    requireHost(registryHost);
    requireComponent("tenant", tenant);
    requireComponent("project", project);
    requireComponent("service", service);
    return checkedLength(registryHost + "/cache/dp-" + tenant + "-" + project + "/" + service) + ":latest";
  }

  /** {@code <repository>:<tag>}, e.g. the image of one commit. */
  public static String imageRef(String repository, String tag) {
    ImageReference reference = ImageReference.parse(repository + ":" + tag);
    return reference.toString();
  }

  /** {@code <repository>@<digest>}: what the deploy step pulls, immune to later tag moves. */
  public static String digestRef(String repository, String digest) {
    ImageReference.parse(repository + ":latest"); // validates the repository part
    if (!ReferenceGrammar.isDigest(digest)) {
      throw ReferenceGrammar.invalid("not a sha256 digest: '" + digest + "'");
    }
    return repository + "@" + digest;
  }

  private static void requireHost(String registryHost) {
    if (!ReferenceGrammar.isDomain(registryHost)) {
      throw ReferenceGrammar.invalid("registry host '" + registryHost + "' is not host[:port]");
    }
  }

  private static void requireComponent(String what, String value) {
    if (!ReferenceGrammar.isPathComponent(value)) {
      throw ReferenceGrammar.invalid(what + " '" + value + "' cannot be part of an image name");
    }
  }

  private static String checkedLength(String name) {
    if (name.length() > ReferenceGrammar.NAME_TOTAL_LENGTH_MAX) {
      throw ReferenceGrammar.invalid("image name is longer than "
          + ReferenceGrammar.NAME_TOTAL_LENGTH_MAX + " characters: " + name.length());
    }
    return name;
  }
}
