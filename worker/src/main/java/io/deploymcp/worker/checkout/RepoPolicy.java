package io.deploymcp.worker.checkout;

import io.deploymcp.worker.failure.ActivityFailures;
import io.deploymcp.worker.failure.WorkerFailureCodes;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which repository URLs the worker fetches: https anywhere; file:// and http:// to a
 * loopback host only with {@code DP_ALLOW_LOCAL_REPOS=true}. The API checks the same rule;
 * the worker checks again because the two processes may be configured differently. Where
 * "anywhere" may actually connect is the checkout's business: it checks each address it
 * resolves against the address policy (REPO_ADDRESS_NOT_ALLOWED).
 */
public final class RepoPolicy {
  private final boolean allowLocalRepos;

  public RepoPolicy(boolean allowLocalRepos) {
    this.allowLocalRepos = allowLocalRepos;
  }

  public RepoLocation check(String repo) {
    URI uri;
    try {
      uri = new URI(repo);
    } catch (URISyntaxException e) {
      throw refused("the repository URL is not a valid URI");
    }
    if (uri.getRawUserInfo() != null) {
      throw refused("the repository URL carries credentials");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "https" -> {
        if (host == null) {
          throw refused("the repository URL has no host");
        }
        yield new RepoLocation(uri, host);
      }
      case "http" -> {
        if (!allowLocalRepos || host == null || !isLoopback(host)) {
          throw refused("http:// is allowed only to a loopback host with DP_ALLOW_LOCAL_REPOS=true");
        }
        yield new RepoLocation(uri, host);
      }
      case "file" -> {
        if (!allowLocalRepos) {
          throw refused("file:// repositories need DP_ALLOW_LOCAL_REPOS=true on the worker");
        }
        yield new RepoLocation(uri, null);
      }
      default -> throw refused("only https:// repositories are supported");
    };
  }

  private static boolean isLoopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    // Only literal addresses: resolving a name here would let DNS decide what "local" is.
    if (!host.matches("[0-9.]+|\\[?[0-9a-f:]+]?")) {
      return false;
    }
    try {
      return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static RuntimeException refused(String why) {
    return ActivityFailures.permanent(
        WorkerFailureCodes.REPO_NOT_ALLOWED,
        why,
        "Use an https:// repository URL without credentials in it (store a token instead);"
            + " file:// and loopback http:// work only when the operator sets"
            + " DP_ALLOW_LOCAL_REPOS=true on the API and the worker.");
  }
}
