package io.deploymcp.checkout;

import io.deploymcp.address.AddressPolicy;
import io.deploymcp.address.HostAddresses;
import io.deploymcp.address.HostCheck;
import io.deploymcp.address.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's resolver for one checkout: looks a host up once, checks every address it
 * got against the address policy, and hands the client exactly those addresses to connect to.
 * Later connections of the same checkout (the POST after the ref advertisement, a same-host
 * redirect, a submodule) reuse that answer, so DNS cannot hand out a checked address first and
 * an internal one next (rebinding). A refused host fails before any socket is opened.
 */
final class CheckedDnsResolver implements DnsResolver {
  private final AddressPolicy policy;
  private final HostCheck hosts;
  private final Consumer<CheckoutException> onRefusal;
  private final Map<String, InetAddress[]> pinned = new ConcurrentHashMap<>();
  /** Hosts refused once stay refused for the checkout: JGit retries, DNS must not get a second say. */
  private final Map<String, CheckoutException> refusedHosts = new ConcurrentHashMap<>();

  CheckedDnsResolver(AddressPolicy policy, HostResolver resolver, Consumer<CheckoutException> onRefusal) {
    this.policy = policy;
    this.hosts = new HostCheck(policy, resolver);
    this.onRefusal = onRefusal;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    String name = bare(host).toLowerCase(Locale.ROOT);
    InetAddress[] known = pinned.get(name);
    if (known != null) {
      return known.clone();
    }
    CheckoutException refusedBefore = refusedHosts.get(name);
    if (refusedBefore != null) {
      throw new RefusedConnection(refusedBefore);
    }
    // A literal is read as one, never sent to DNS, and any other numeric spelling is refused.
    List<InetAddress> found = switch (hosts.check(name)) {
      case HostAddresses.Allowed allowed -> allowed.addresses();
      // Not a refusal: a name that stopped resolving is reported like any unreachable host.
      case HostAddresses.DoesNotResolve none -> throw new UnknownHostException(host + ": the repository host does not resolve");
      case HostAddresses.Empty empty -> throw new UnknownHostException("the repository host is empty");
      case HostAddresses.InvalidLiteral invalid -> throw new UnknownHostException(host + ": invalid IPv6 address literal");
      case HostAddresses.Refused refused -> throw refuse(name, addressNotAllowed(host, refused.address()));
      case HostAddresses.NonStandardNumeric numeric ->
          throw refuse(name, notAnAddress(host, "is an IPv4 address in a non-standard spelling"));
      case HostAddresses.ZoneId zoneId -> throw refuse(name, notAnAddress(host, "is an IPv6 address with a zone id"));
    };
    InetAddress[] checked = found.toArray(InetAddress[]::new);
    InetAddress[] first = pinned.putIfAbsent(name, checked);
    return (first != null ? first : checked).clone();
  }

  @Override
  public String resolveCanonicalHostname(String host) {
    // Only asked for Kerberos/SPNEGO, which the checkout does not use; no second lookup.
    return host;
  }

  private RefusedConnection refuse(String name, CheckoutException reason) {
    refusedHosts.putIfAbsent(name, reason);
    onRefusal.accept(reason);
    return new RefusedConnection(reason);
  }

  private static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private CheckoutException addressNotAllowed(String host, InetAddress address) {
    String allowance =
        policy.allowsLoopback() ? " (DP_ALLOW_LOCAL_REPOS admits loopback only)" : "";
    return new CheckoutException(
        CheckoutFailure.REPO_ADDRESS_NOT_ALLOWED,
        "the repository host '"
            + host
            + "' resolves to "
            + address.getHostAddress()
            + ", a loopback, private, link-local or otherwise internal address"
            + allowance
            + "; the checkout did not connect",
        "Use a repository on a public git host. The host was checked when the service was"
            + " created; if its DNS answer has changed since, the name now points into a private"
            + " network: fix its DNS record or change the service's repo URL.");
  }

  private CheckoutException notAnAddress(String host, String why) {
    return new CheckoutException(
        CheckoutFailure.REPO_ADDRESS_NOT_ALLOWED,
        "the repository host '" + host + "' " + why + "; the checkout did not connect",
        "Use the repository's host name, or its address as a dotted quad or a plain IPv6 address.");
  }
}
