package io.deploymcp.ops.gc;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The only repositories the collector touches (registry module's ImageNames):
 * {@code dp-<tenant>-<project>/<service>}, a service's images, and
 * {@code cache/dp-<tenant>-<project>/<service>}, its build cache. Anything else in the registry
 * ({@code deploy-mcp/api}, {@code base/jre}, ...) is not the collector's business.
 */
public final class RepositoryNames {
  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern SERVICE = Pattern.compile("dp-" + COMPONENT + "/" + COMPONENT);
  private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
  private static final String CACHE_PREFIX = "cache/";

  private RepositoryNames() {}

  public static boolean isServiceRepository(String name) {
    return name != null && SERVICE.matcher(name).matches();
  }

  public static boolean isCacheRepository(String name) {
    return name != null && name.startsWith(CACHE_PREFIX) && isServiceRepository(name.substring(CACHE_PREFIX.length()));
  }

  /** The service repository a cache repository belongs to. */
  public static Optional<String> serviceOfCache(String cacheRepository) {
    return isCacheRepository(cacheRepository)
        ? Optional.of(cacheRepository.substring(CACHE_PREFIX.length()))
        : Optional.empty();
  }

  public static String cacheOf(String serviceRepository) {
    return CACHE_PREFIX + serviceRepository;
  }

  public static boolean isDigest(String value) {
    return value != null && DIGEST.matcher(value).matches();
  }
}
