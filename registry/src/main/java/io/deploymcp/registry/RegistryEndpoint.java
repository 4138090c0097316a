package io.deploymcp.registry;

import java.net.URI;

/**
 * A registry's host and the base URI its v2 API answers at. Loopback registries (and those the
 * operator marks insecure) speak plain HTTP, like the Docker engine's default for 127.0.0.0/8;
 * every other registry is reached over HTTPS.
 *
 * @param host {@code REGISTRY_HOST} as written, e.g. {@code 127.0.0.1:5000}
 * @param baseUri {@code http(s)://host}
 */
public record RegistryEndpoint(String host, URI baseUri) {

  public RegistryEndpoint {
    if (!ReferenceGrammar.isDomain(host)) {
      throw ReferenceGrammar.invalid("registry host '" + host + "' is not host[:port]");
    }
  }

  /** HTTP for a loopback host, HTTPS otherwise. */
  public static RegistryEndpoint of(String host) {
    return of(host, false);
  }

  /**
   * @param insecure plain HTTP even for a host that is not loopback (a registry on a private
   *     network without TLS); loopback hosts always use HTTP
   */
  public static RegistryEndpoint of(String host, boolean insecure) {
    if (!ReferenceGrammar.isDomain(host)) {
      throw ReferenceGrammar.invalid("registry host '" + host + "' is not host[:port]");
    }
    String scheme = insecure || isLoopback(hostName(host)) ? "http" : "https";
    return new RegistryEndpoint(host, URI.create(scheme + "://" + host));
  }

  /** Whether requests travel without TLS. */
  public boolean plainHttp() {
    return "http".equals(baseUri.getScheme());
  }

  /** The host without its port (brackets of an IPv6 address kept). */
  static String hostName(String hostAndPort) {
    if (hostAndPort.startsWith("[")) {
      return hostAndPort.substring(0, hostAndPort.indexOf(']') + 1);
    }
    int colon = hostAndPort.indexOf(':');
    return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
  }

  /** Loopback by name only: no DNS lookup, so a name can't be made loopback by its resolver. */
  static boolean isLoopback(String hostName) {
    String name = hostName.toLowerCase(java.util.Locale.ROOT);
    return name.equals("localhost")
        || name.equals("[::1]")
        || name.matches("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");
  }
}
