package io.deploymcp.api.validation;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which addresses a repository may live at. The clone runs inside the platform, so a URL
 * pointing at loopback, private, link-local (cloud metadata), CGNAT or otherwise special
 * ranges would let a caller probe the platform's own network.
 */
public final class AddressPolicy {
  private AddressPolicy() {}

  /** True when a clone must not connect to {@code address}. */
  public static boolean isForbidden(InetAddress address) {
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
    return a0 == 0 // "this network"
        || a0 == 10
        || a0 == 127
        || (a0 == 100 && a1 >= 64 && a1 <= 127) // CGNAT 100.64/10 (also Alibaba metadata)
        || (a0 == 169 && a1 == 254) // link-local incl. 169.254.169.254 metadata
        || (a0 == 172 && a1 >= 16 && a1 <= 31)
        || (a0 == 192 && a1 == 168)
        || (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) // IETF protocol assignments, TEST-NET-1
        || (a0 == 198 && (a1 == 18 || a1 == 19)) // benchmarking
        || (a0 == 198 && a1 == 51 && a2 == 100) // TEST-NET-2
        || (a0 == 203 && a1 == 0 && a2 == 113) // TEST-NET-3
        || a0 >= 224; // multicast, reserved, broadcast
  }

  private static boolean isSpecialV6(byte[] b) {
    int b0 = b[0] & 0xff;
    int b1 = b[1] & 0xff;
    if ((b0 & 0xfe) == 0xfc) {
      return true; // unique local fc00::/7 (includes AWS metadata fd00:ec2::254)
    }
    if (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
      return true; // documentation 2001:db8::/32
    }
    if (b0 == 0x20 && b1 == 0x02) {
      return isSpecialV4(new byte[] {b[2], b[3], b[4], b[5]}); // 6to4 embeds an IPv4 address
    }
    if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
      return isSpecialV4(new byte[] {b[12], b[13], b[14], b[15]}); // NAT64 64:ff9b::/96
    }
    boolean firstTenZero = true;
    for (int i = 0; i < 10; i++) {
      firstTenZero &= b[i] == 0;
    }
    if (firstTenZero && (((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) || (b[10] == 0 && b[11] == 0))) {
      // IPv4-mapped (::ffff:a.b.c.d) or IPv4-compatible (::a.b.c.d)
      return isForbidden(v4(new byte[] {b[12], b[13], b[14], b[15]}));
    }
    return false;
  }

  private static InetAddress v4(byte[] raw) {
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
