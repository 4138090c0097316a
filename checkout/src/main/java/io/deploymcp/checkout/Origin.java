package io.deploymcp.checkout;

import java.net.URI;
import java.net.URL;
import java.util.Locale;
import org.eclipse.jgit.transport.URIish;

/**
 * The scheme, host and port of the repository a checkout was asked for: the only place its
 * connections and its token may go. A redirect or a submodule elsewhere is refused.
 */
record Origin(String scheme, String host, int port) {
  static Origin of(URI uri) {
    return of(uri.getScheme(), uri.getHost(), uri.getPort());
  }

  static Origin of(URL url) {
    return of(url.getProtocol(), url.getHost(), url.getPort());
  }

  static Origin of(URIish uri) {
    return of(uri.getScheme(), uri.getHost(), uri.getPort());
  }

  private static Origin of(String scheme, String host, int port) {
    String s = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
    String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    int p = port != -1 ? port : s.equals("https") ? 443 : s.equals("http") ? 80 : -1;
    return new Origin(s, h, p);
  }

  @Override
  public String toString() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return scheme + "://" + h + ":" + port;
  }
}
