package io.deploymcp.checkout;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Which submodule URLs a checkout follows under {@link SubmodulePolicy#SAME_HOST}: the
 * repository's own scheme, host and port, and only http(s). The repository's token goes with
 * the fetch, so any other host would receive it.
 */
final class SubmoduleRule {
  private SubmoduleRule() {}

  /**
   * The URL to fetch submodule {@code name} from.
   *
   * @param superproject the URL of the repository that contains the submodule; relative
   *     submodule URLs ({@code ../lib.git}) are resolved against it as git does
   * @param origin the URL of the repository the checkout was asked for; its host is the only
   *     one allowed
   * @param url the URL written in {@code .gitmodules}, possibly null
   */
  static URI allowedUrl(URI superproject, URI origin, String name, String url) {
    if (url == null || url.isBlank()) {
      throw refused(name, "has no url in .gitmodules");
    }
    URI resolved;
    try {
      resolved = resolve(superproject, url.strip());
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw refused(name, "has a url that is not a valid URL");
    }
    String scheme = lower(resolved.getScheme());
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw refused(name, "uses " + (scheme.isEmpty() ? "an scp-style or local path" : scheme) + " (only https on the repository's host is allowed)");
    }
    if (resolved.getRawUserInfo() != null) {
      throw refused(name, "carries credentials in its url");
    }
    if (!scheme.equals(lower(origin.getScheme()))
        || !lower(resolved.getHost()).equals(lower(origin.getHost()))
        || port(resolved) != port(origin)) {
      throw refused(
          name,
          "lives at "
              + scheme
              + "://"
              + resolved.getHost()
              + portSuffix(resolved)
              + ", not on the repository's host "
              + origin.getScheme()
              + "://"
              + origin.getHost()
              + portSuffix(origin));
    }
    return resolved;
  }

  private static URI resolve(URI superproject, String url) throws URISyntaxException {
    if (url.startsWith("./") || url.startsWith("../")) {
      // git treats the superproject URL as a directory: "../lib.git" next to ".../app.git".
      String base = superproject.toString();
      while (base.endsWith("/")) {
        base = base.substring(0, base.length() - 1);
      }
      return new URI(base + "/").resolve(new URI(null, null, url, null)).normalize();
    }
    URI uri = new URI(url);
    if (uri.getScheme() == null) {
      // "git@host:org/lib.git" or a local path.
      return new URI(null, null, url, null);
    }
    return uri.normalize();
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return lower(uri.getScheme()).equals("https") ? 443 : 80;
  }

  private static String portSuffix(URI uri) {
    return uri.getPort() == -1 ? "" : ":" + uri.getPort();
  }

  private static String lower(String text) {
    return text == null ? "" : text.toLowerCase(Locale.ROOT);
  }

  private static CheckoutException refused(String name, String why) {
    return new CheckoutException(
        CheckoutFailure.SUBMODULE_NOT_ALLOWED,
        "submodule '" + name + "' " + why,
        "Submodules are fetched only over https from the repository's own host, with the same"
            + " token (a relative url such as ../lib.git works). Move the submodule to that host,"
            + " vendor its files, or remove it from .gitmodules.");
  }
}
