package io.deploymcp.api.mcp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The browser origins admitted to /mcp (the MCP spec's DNS-rebinding protection). An entry is
 * {@code scheme://host[:port]}; without a port it admits every port of that scheme and host.
 * Anything that is not a plain http(s) origin (e.g. the literal {@code null} a sandboxed page
 * sends) is refused.
 */
public final class AllowedOrigins {
  private final List<Origin> allowed;

  private record Origin(String scheme, String host, int port) {
    boolean admits(Origin other) {
      return scheme.equals(other.scheme) && host.equals(other.host) && (port == -1 || port == other.port);
    }
  }

  public AllowedOrigins(List<String> entries) {
    this.allowed =
        entries.stream()
            .map(String::trim)
            .filter(e -> !e.isEmpty())
            .map(e -> parse(e).orElseThrow(() -> new IllegalArgumentException(
                "DP_MCP_ALLOWED_ORIGINS entry '" + e + "' is not an origin like http://localhost:6274")))
            .toList();
  }

  public boolean admits(String origin) {
    return parse(origin).map(o -> allowed.stream().anyMatch(a -> a.admits(o))).orElse(false);
  }

  private static Optional<Origin> parse(String raw) {
    try {
      URI uri = new URI(raw.trim());
      String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null
          || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
          || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
        return Optional.empty();
      }
      int port = uri.getPort();
      return Optional.of(new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
