package io.deploymcp.worker.build;

import io.deploymcp.address.HostAddresses;
import io.deploymcp.address.HostCheck;
import io.deploymcp.buildpacks.DockerfileSources;
import io.deploymcp.buildpacks.DockerfileSources.Kind;
import io.deploymcp.buildpacks.DockerfileSources.RemoteSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses, before the build, a Dockerfile that would make BuildKit fetch from an internal address
 * (issue 13: SSRF through a Dockerfile). The daemon pulls FROM images and fetches ADD URLs from
 * where it runs, inside the cluster, so {@code ADD http://169.254.169.254/...} would bake the
 * cloud's credentials into an image the customer can read. Every remote source of the Dockerfile
 * ({@link DockerfileSources}) must name the platform's own registries or a host whose every
 * address the checkout's address policy allows ({@link HostCheck}); a host that does not resolve
 * from the worker is refused too, as the daemon's DNS may answer differently.
 *
 * <p>What the worker cannot see (a RUN step's own connections, a name that resolves differently for
 * the daemon) is held by buildkitd's egress NetworkPolicy (infra/k8s/20-buildkit.yml).
 */
final class DockerfileSourceCheck {
  private static final String DOCKER_HUB = "docker.io";

  private final HostCheck hosts;

  DockerfileSourceCheck(HostCheck hosts) {
    this.hosts = hosts;
  }

  /** Why the build may not start ({@code BUILD_SOURCE_NOT_ALLOWED}), and what to do. */
  record Refusal(String message, String hint) {}

  /**
   * The first refused source of {@code dockerfile}, if any.
   *
   * @param platformRegistries {@code host[:port]} of the registries the platform itself names (push,
   *     pull and base images): trusted without a lookup, they may well be private addresses
   */
  Optional<Refusal> check(String dockerfile, Map<String, String> buildArgs, Set<String> platformRegistries) {
    Set<String> registries = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    registries.addAll(platformRegistries);
    for (RemoteSource source : DockerfileSources.of(dockerfile, buildArgs)) {
      Optional<String> why = source.kind() == Kind.URL ? urlRefusal(source) : imageRefusal(source, registries);
      if (why.isPresent()) {
        return Optional.of(refused(source, why.get(), registries));
      }
    }
    return Optional.empty();
  }

  private Optional<String> imageRefusal(RemoteSource source, Set<String> platformRegistries) {
    String reference = source.reference();
    int slash = reference.indexOf('/');
    String first = slash < 0 ? "" : reference.substring(0, slash);
    // Docker's rule: the first component names a registry when it has a dot or a port, or is localhost.
    boolean named = first.contains(".") || first.contains(":") || first.equalsIgnoreCase("localhost");
    if (!named) {
      return Optional.empty(); // Docker Hub
    }
    if (platformRegistries.contains(first) || first.equalsIgnoreCase(DOCKER_HUB)) {
      return Optional.empty();
    }
    return hostRefusal(hostOf(first), "the registry");
  }

  private Optional<String> urlRefusal(RemoteSource source) {
    String reference = source.reference();
    String host;
    if (reference.regionMatches(true, 0, "git@", 0, 4)) {
      int colon = reference.indexOf(':', 4);
      host = colon < 0 ? reference.substring(4) : reference.substring(4, colon);
    } else {
      try {
        URI uri = new URI(reference.split("#", 2)[0]);
        host = uri.getHost();
        if (host == null) {
          // java.net.URI leaves the host out when it is not a valid name (an underscore, say).
          return Optional.of("its host cannot be read from the URL");
        }
      } catch (URISyntaxException e) {
        return Optional.of("it is not a valid URL");
      }
    }
    return hostRefusal(hostOf(host), "the host");
  }

  private Optional<String> hostRefusal(String host, String what) {
    String named = what + " '" + host + "'";
    return switch (hosts.check(host)) {
      case HostAddresses.Allowed allowed -> Optional.empty();
      case HostAddresses.Empty empty -> Optional.of(what + " is empty");
      case HostAddresses.InvalidLiteral invalid -> Optional.of(named + " is not a valid address");
      // The daemon reads a zone id against its own interfaces: no address the worker can check.
      case HostAddresses.ZoneId zoneId -> Optional.of(named + " is not a valid address");
      case HostAddresses.NonStandardNumeric numeric -> Optional.of(named + " is an IPv4 address in a non-standard spelling");
      case HostAddresses.DoesNotResolve none -> Optional.of(named + " does not resolve from the worker");
      case HostAddresses.Refused refused -> Optional.of(named + " is "
          + (refused.address().getHostAddress().equals(host) ? "" : "at " + refused.address().getHostAddress() + ", ")
          + "a loopback, private, link-local or otherwise internal address");
    };
  }

  /** The host of {@code host[:port]} or {@code [v6]:port}, without brackets. */
  private static String hostOf(String hostPort) {
    if (hostPort.startsWith("[")) {
      int end = hostPort.indexOf(']');
      return end < 0 ? hostPort.substring(1) : hostPort.substring(1, end);
    }
    int colon = hostPort.indexOf(':');
    boolean oneColon = colon >= 0 && colon == hostPort.lastIndexOf(':');
    return oneColon ? hostPort.substring(0, colon) : hostPort;
  }

  private Refusal refused(RemoteSource source, String why, Set<String> platformRegistries) {
    String what = switch (source.kind()) {
      case FRONTEND_IMAGE -> "the syntax directive's frontend image " + withoutUserInfo(source.reference());
      case IMAGE -> "the image " + withoutUserInfo(source.reference());
      case URL -> "ADD " + withoutUserInfo(source.reference());
    };
    String registries = platformRegistries.isEmpty() ? "" : " and the platform's registries (" + String.join(", ", platformRegistries) + ")";
    return new Refusal(
        "Dockerfile line " + source.line() + ": " + what + " was refused: " + why
            + "; the build did not start",
        "A build may fetch only from public addresses" + registries + ". Add the file to the"
            + " repository, or fetch it from a public host, and deploy again.");
  }

  /** A URL's user:password never goes into a message. */
  private static String withoutUserInfo(String reference) {
    return reference.replaceFirst("^(?i)([a-z][a-z0-9+.-]*://)[^/@]*@", "$1");
  }
}
