package io.deploymcp.address;

import java.util.Locale;

/** {@code localhost} and the names under {@code .localhost}: loopback by definition (RFC 6761). */
final class LocalhostNames {
  private LocalhostNames() {}

  static boolean matches(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    return name.equals("localhost") || name.endsWith(".localhost");
  }
}
