package io.deploymcp.address;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a host from a URL or an image reference would take a connection, checked against an
 * {@link AddressPolicy}. A literal address is read as one and never sent to the resolver; a
 * number in any other spelling is refused rather than interpreted, since clients disagree on
 * it (glibc's inet_aton reads 0x7f.1 as 127.0.0.1, {@link InetAddress#getByName} asks DNS about
 * 999.1.1.1); only a name goes to the {@link HostResolver}.
 */
public final class HostCheck {
  private static final Pattern DOTTED_QUAD =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  /** The characters of an IPv6 literal: getByName asks DNS about a text that starts otherwise. */
  private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9a-f:][0-9a-f:.]*");
  /** The WHATWG URL rule: a host whose last label is a number is an IPv4 address or invalid. */
  private static final Pattern LAST_LABEL_NUMERIC = Pattern.compile("(^|.*\\.)(\\d+|0x[0-9a-f]*)\\.?");

  private final AddressPolicy policy;
  private final HostResolver resolver;

  public HostCheck(AddressPolicy policy, HostResolver resolver) {
    this.policy = policy;
    this.resolver = resolver;
  }

  /**
   * What {@code host} stands for, or why no connection may go there.
   *
   * @param host a host name or an address, an IPv6 address without its brackets, in any case
   */
  public HostAddresses check(String host) {
    if (host.isEmpty()) {
      return new HostAddresses.Empty();
    }
    String lower = host.toLowerCase(Locale.ROOT);
    List<InetAddress> addresses;
    if (lower.contains(":")) {
      if (lower.contains("%")) {
        return new HostAddresses.ZoneId();
      }
      if (!IPV6_CHARACTERS.matcher(lower).matches()) {
        return new HostAddresses.InvalidLiteral();
      }
      try {
        addresses = List.of(InetAddress.getByName(lower));
      } catch (UnknownHostException e) {
        return new HostAddresses.InvalidLiteral();
      }
    } else if (DOTTED_QUAD.matcher(lower).matches()) {
      addresses = List.of(dottedQuad(lower));
    } else if (LAST_LABEL_NUMERIC.matcher(lower).matches()) {
      return new HostAddresses.NonStandardNumeric();
    } else {
      addresses = resolver.resolve(lower);
      if (addresses.isEmpty()) {
        return new HostAddresses.DoesNotResolve();
      }
    }
    return policy
        .firstRefused(addresses)
        .<HostAddresses>map(HostAddresses.Refused::new)
        .orElseGet(() -> new HostAddresses.Allowed(addresses));
  }

  private static InetAddress dottedQuad(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a dotted quad is an address: " + host, e);
    }
  }
}
