package io.deploymcp.api.validation;

import io.deploymcp.address.AddressPolicy;
import io.deploymcp.address.HostAddresses;
import io.deploymcp.address.HostCheck;
import io.deploymcp.address.HostResolver;
import io.deploymcp.api.problem.ProblemCode;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A repository URL the platform may clone: https to a public host, without credentials and
 * without git's transport-helper or scp syntax, so a caller can neither run commands through
 * git nor reach the platform's own network. The host must resolve, and to public addresses
 * only ({@link AddressPolicy}); the worker's checkout checks the addresses again when it
 * connects, since DNS can answer differently by then.
 */
public final class RepoUrl {
  public static final int MAX_LENGTH = 2048;
  private static final String FIELD = "repo";
  private static final Pattern SCP_LIKE = Pattern.compile("^[^/]*:.*");

  private final String value;

  private RepoUrl(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  @Override
  public String toString() {
    return value;
  }

  public static RepoUrl parse(String raw, RepoPolicy policy) {
    if (raw == null || raw.isBlank()) {
      throw invalid("repo is required");
    }
    if (raw.length() > MAX_LENGTH) {
      throw invalid("repo is longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < raw.length(); i++) {
      if (Character.isWhitespace(raw.charAt(i)) || Character.isISOControl(raw.charAt(i))) {
        throw invalid("repo contains whitespace or control characters");
      }
    }
    if (raw.startsWith("-")) {
      throw invalid("repo starts with '-' and could be read as an option");
    }
    int schemeEnd = raw.indexOf("://");
    if (raw.contains("::") && (schemeEnd < 0 || raw.indexOf("::") < schemeEnd)) {
      throw invalid("repo uses git's remote-helper syntax (e.g. ext::), which can run commands");
    }
    if (schemeEnd < 0) {
      if (SCP_LIKE.matcher(raw).matches()) {
        throw invalid(
            "repo '" + ServiceName.printable(raw) + "' is scp-style ssh",
            "Use the https URL, e.g. https://github.com/org/repo.");
      }
      throw invalid("repo '" + ServiceName.printable(raw) + "' is not a URL");
    }
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      throw invalid("repo is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "https" -> network(uri, policy, false);
      case "http" -> {
        if (!policy.allowLocal()) {
          throw invalid("repo must use https, not http");
        }
        yield network(uri, policy, true);
      }
      case "file" -> file(uri, policy);
      default -> throw invalid("repo scheme '" + ServiceName.printable(scheme) + "' is not allowed; use https");
    };
  }

  private static RepoUrl file(URI uri, RepoPolicy policy) {
    if (!policy.allowLocal()) {
      throw invalid(
          "file:// repositories are not allowed",
          "Use an https:// URL; file:// works only when the operator sets DP_ALLOW_LOCAL_REPOS=true.");
    }
    String host = uri.getHost();
    if ((host != null && !host.isEmpty() && !host.equals("localhost"))
        || uri.getRawAuthority() != null && !uri.getRawAuthority().equals("localhost")
        || uri.getPath() == null
        || !uri.getPath().startsWith("/")
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw invalid("repo must be file:///absolute/path");
    }
    return new RepoUrl(uri.toString());
  }

  /** https (or, with {@code loopbackOnly}, http) to a host that is not internal. */
  private static RepoUrl network(URI uri, RepoPolicy policy, boolean loopbackOnly) {
    if (uri.getRawUserInfo() != null) {
      throw invalid(
          "repo contains credentials",
          "Remove the user name and token from the URL; private repositories get a stored git token instead.");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw invalid("repo has no valid host name");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid("repo must not have a query or fragment");
    }
    if (uri.getPath() == null || uri.getPath().length() < 2) {
      throw invalid("repo has no repository path", "Use e.g. https://github.com/org/repo.");
    }
    boolean bracketed = host.startsWith("[");
    String bare = bracketed ? host.substring(1, host.length() - 1) : host;
    // localhost names are loopback here whatever the policy's resolver says of them (RFC 6761).
    HostCheck hosts = new HostCheck(policy.addresses(), HostResolver.localhostAsLoopback(policy.resolver()));
    List<InetAddress> addresses = switch (hosts.check(bare)) {
      case HostAddresses.Allowed allowed -> allowed.addresses();
      case HostAddresses.Refused refused -> throw loopbackOnly ? httpOnlyToLoopback() : invalid(
          "repo host '" + ServiceName.printable(bare) + "' is a private, loopback or otherwise internal address",
          "Use a repository on a public git host.");
      case HostAddresses.Empty empty -> throw invalid("repo has no valid host name");
      case HostAddresses.InvalidLiteral invalid ->
          throw invalid("repo host '" + ServiceName.printable(bare.toLowerCase(Locale.ROOT)) + "' is not a valid IP address");
      // A zone id names an interface of the machine that connects: never a public address, and
      // text after '%' such as "x.localhost" must not be mistaken for a host name.
      case HostAddresses.ZoneId zoneId -> throw invalid(
          "repo host '" + ServiceName.printable(bare) + "' is an IPv6 address with a zone id",
          "Use a host name or a global IPv6 address without '%'.");
      case HostAddresses.NonStandardNumeric numeric -> throw invalid(
          "repo host '" + ServiceName.printable(bare) + "' is an IP address in a non-standard notation",
          "Use a host name or a dotted-quad IPv4 address.");
      // Accepting it would leave the check to whatever the name resolves to later, inside the
      // cluster (metadata.google.internal, a split-horizon name).
      case HostAddresses.DoesNotResolve none -> throw invalid(
          "repo host '" + ServiceName.printable(bare) + "' does not resolve",
          "Check the host name in the repo URL: it must be a public git host whose name resolves"
              + " in DNS now. If it is right, DNS may have been slow; send the request again.");
    };
    boolean allLoopback = addresses.stream().allMatch(InetAddress::isLoopbackAddress);
    if (loopbackOnly && !(policy.allowLocal() && allLoopback)) {
      throw httpOnlyToLoopback();
    }
    return new RepoUrl(uri.toString());
  }

  private static ValidationException httpOnlyToLoopback() {
    return invalid("repo must use https; http is allowed only to loopback with DP_ALLOW_LOCAL_REPOS=true");
  }

  private static ValidationException invalid(String detail) {
    return new ValidationException(ProblemCode.INVALID_REPO, FIELD, detail);
  }

  private static ValidationException invalid(String detail, String hint) {
    return new ValidationException(ProblemCode.INVALID_REPO, FIELD, detail, hint);
  }
}
