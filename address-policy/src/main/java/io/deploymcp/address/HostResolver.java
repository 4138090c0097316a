package io.deploymcp.address;

import java.net.InetAddress;
import java.util.List;

/**
 * Resolves a host name to the addresses a connection could go to. An empty list means "does not
 * resolve" (no such name, or no answer in time). The API and the worker use the system's DNS
 * ({@link SystemHostResolver}); tests put in fixed answers, including ones that change between
 * two lookups as a rebinding DNS server's would.
 */
@FunctionalInterface
public interface HostResolver {
  List<InetAddress> resolve(String host);

  /**
   * {@code names}, except that {@code localhost} and names under {@code .localhost} are loopback
   * without asking it (RFC 6761): for a check whose resolver is not {@link SystemHostResolver},
   * which answers them so already.
   */
  static HostResolver localhostAsLoopback(HostResolver names) {
    return host -> LocalhostNames.matches(host) ? List.of(InetAddress.getLoopbackAddress()) : names.resolve(host);
  }
}
