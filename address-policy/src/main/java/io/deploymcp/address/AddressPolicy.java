package io.deploymcp.address;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Optional;

/**
 * Which addresses a repository may live at. The clone runs inside the platform, so a URL
 * pointing at loopback, private, link-local (cloud metadata), CGNAT or otherwise special
 * ranges would let a caller reach the platform's own network. The API asks this when a
 * service is created; the worker asks it again for every address it connects to.
 *
 * <p>{@link #allowingLoopback()} is DP_ALLOW_LOCAL_REPOS: loopback (127/8, ::1) is admitted
 * for the local stack and tests. Every other internal range stays refused either way.
 */
public final class AddressPolicy {
  private static final AddressPolicy PUBLIC_ONLY = new AddressPolicy(false);
  private static final AddressPolicy LOOPBACK_TOO = new AddressPolicy(true);

  private final boolean allowLoopback;

  private AddressPolicy(boolean allowLoopback) {
    this.allowLoopback = allowLoopback;
  }

  /** Public addresses only: what a production platform uses. */
  public static AddressPolicy publicOnly() {
    return PUBLIC_ONLY;
  }

  /** Public addresses and loopback, for DP_ALLOW_LOCAL_REPOS=true. */
  public static AddressPolicy allowingLoopback() {
    return LOOPBACK_TOO;
  }

  /** {@link #allowingLoopback()} when {@code allowLocalRepos}, else {@link #publicOnly()}. */
  public static AddressPolicy of(boolean allowLocalRepos) {
    return allowLocalRepos ? LOOPBACK_TOO : PUBLIC_ONLY;
  }

  public boolean allowsLoopback() {
    return allowLoopback;
  }

  /** True when a clone may connect to {@code address}. */
  public boolean allows(InetAddress address) {
    return !isInternal(address) || (allowLoopback && address.isLoopbackAddress());
  }

  /** The first of {@code addresses} a clone must not connect to, if any. */
  public Optional<InetAddress> firstRefused(Collection<InetAddress> addresses) {
    return addresses.stream().filter(a -> !allows(a)).findFirst();
  }

  /**
   * True when {@code address} is not a public unicast address: loopback, private, link-local,
   * CGNAT, unique-local, documentation, benchmarking, multicast, reserved, or an IPv6 form
   * (mapped, compatible, translated, 6to4, NAT64, Teredo) that carries such an IPv4 address.
   */
  public static boolean isInternal(InetAddress address) {
    if (address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    if (address instanceof Inet4Address v4) {
      return isSpecialV4(v4.getAddress());
    }
    if (address instanceof Inet6Address v6) {
      return isSpecialV6(v6.getAddress());
    }
    return true;
  }

  private static boolean isSpecialV4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    return a0 == 0 // "this network"; connecting to 0.0.0.0 reaches the local host
        || a0 == 10
        || a0 == 127
        || (a0 == 100 && a1 >= 64 && a1 <= 127) // CGNAT 100.64/10 (also Alibaba metadata)
        || (a0 == 169 && a1 == 254) // link-local incl. 169.254.169.254 metadata
        || (a0 == 172 && a1 >= 16 && a1 <= 31)
        || (a0 == 192 && a1 == 168)
        || (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) // IETF protocol assignments, TEST-NET-1
        || (a0 == 192 && a1 == 88 && a2 == 99) // 6to4 relay anycast
        || (a0 == 198 && (a1 == 18 || a1 == 19)) // benchmarking
        || (a0 == 198 && a1 == 51 && a2 == 100) // TEST-NET-2
        || (a0 == 203 && a1 == 0 && a2 == 113) // TEST-NET-3
        || a0 >= 224; // multicast, reserved, broadcast
  }

  private static boolean isSpecialV6(byte[] b) {
    int b0 = b[0] & 0xff;
    int b1 = b[1] & 0xff;
    int b2 = b[2] & 0xff;
    int b3 = b[3] & 0xff;
    if ((b0 & 0xfe) == 0xfc) {
      return true; // unique local fc00::/7 (includes AWS metadata fd00:ec2::254)
    }
    if (b0 == 0x20 && b1 == 0x01 && b2 == 0x0d && b3 == 0xb8) {
      return true; // documentation 2001:db8::/32
    }
    if (b0 == 0x3f && b1 == 0xff && (b2 & 0xf0) == 0) {
      return true; // documentation 3fff::/20 (RFC 9637)
    }
    if (b0 == 0x20 && b1 == 0x01 && (b2 & 0xfe) == 0) {
      // IETF protocol assignments 2001::/23: Teredo 2001::/32 (tunnels to an IPv4 address we
      // cannot see), benchmarking 2001:2::/48 (as 198.18/15 is for IPv4), ORCHIDv2 2001:20::/28
      // (identifiers, not locators) and anycast services; no git host lives there.
      return true;
    }
    if (b0 == 0x20 && b1 == 0x02) {
      return isSpecialV4(new byte[] {b[2], b[3], b[4], b[5]}); // 6to4 embeds an IPv4 address
    }
    if (b0 == 0x00 && b1 == 0x64 && b2 == 0xff && b3 == 0x9b && allZero(b, 4, 12)) {
      return isSpecialV4(new byte[] {b[12], b[13], b[14], b[15]}); // NAT64 64:ff9b::/96
    }
    // The rest of 64:ff9b::/32 (local-use NAT64 64:ff9b:1::/48 among it) falls to the last rule.
    if (allZero(b, 0, 10) && (((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) || (b[10] == 0 && b[11] == 0))) {
      // IPv4-mapped (::ffff:a.b.c.d) or IPv4-compatible (::a.b.c.d)
      return isInternal(v4(new byte[] {b[12], b[13], b[14], b[15]}));
    }
    if (allZero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && b[10] == 0 && b[11] == 0) {
      // IPv4-translated ::ffff:0:a.b.c.d (RFC 2765): an SIIT translator forwards it to the IPv4 address
      return isInternal(v4(new byte[] {b[12], b[13], b[14], b[15]}));
    }
    // Only 2000::/3 is global unicast: the rest is unassigned or reserved (discard-only 100::/64,
    // SRv6 SIDs 5f00::/16, …), so an address there is nobody's public server, whatever a
    // network routes it to.
    return (b0 & 0xe0) != 0x20;
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static InetAddress v4(byte[] raw) {
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public String toString() {
    return allowLoopback ? "AddressPolicy[public and loopback]" : "AddressPolicy[public only]";
  }
}
