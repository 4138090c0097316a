package io.deploymcp.address;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A second, deliberately plain opinion on which addresses are special, for the fuzz target:
 * prefixes copied from the IANA special-purpose registries (RFC 6890 and successors) for the
 * categories the README names, matched bit by bit. It shares no code with {@link AddressPolicy},
 * so a mistake in the policy's hand-written byte checks shows up as a disagreement.
 */
final class SpecialRanges {
  private record Prefix(byte[] bytes, int bits) {
    boolean contains(byte[] address) {
      if (address.length != bytes.length) {
        return false;
      }
      for (int bit = 0; bit < bits; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((address[bit / 8] & mask) != (bytes[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  /** An IPv6 prefix whose last four bytes (or, for 6to4, bytes 2-5) are an IPv4 address. */
  private record Embedding(Prefix prefix, int v4Offset) {}

  private static final List<Prefix> V4 =
      List.of(
          prefix("0.0.0.0", 8), // "this network"
          prefix("10.0.0.0", 8),
          prefix("100.64.0.0", 10), // CGNAT
          prefix("127.0.0.0", 8),
          prefix("169.254.0.0", 16), // link-local, cloud metadata
          prefix("172.16.0.0", 12),
          prefix("192.0.0.0", 24), // IETF protocol assignments
          prefix("192.0.2.0", 24), // TEST-NET-1
          prefix("192.88.99.0", 24), // 6to4 relay anycast
          prefix("192.168.0.0", 16),
          prefix("198.18.0.0", 15), // benchmarking
          prefix("198.51.100.0", 24), // TEST-NET-2
          prefix("203.0.113.0", 24), // TEST-NET-3
          prefix("224.0.0.0", 4), // multicast
          prefix("240.0.0.0", 4)); // reserved, broadcast

  private static final List<Prefix> V6 =
      List.of(
          prefix("64:ff9b:1::", 48), // local-use NAT64
          prefix("::", 3), // outside global unicast 2000::/3 (after the embeddings above): discard-only 100::/64, …
          prefix("4000::", 2), // outside 2000::/3: unassigned, SRv6 SIDs 5f00::/16
          prefix("8000::", 1), // outside 2000::/3: unassigned, unique local, link-local, multicast
          prefix("2001::", 23), // IETF protocol assignments: Teredo, benchmarking, ORCHIDv2
          prefix("2001:db8::", 32), // documentation
          prefix("3fff::", 20), // documentation (RFC 9637)
          prefix("fc00::", 7), // unique local
          prefix("fe80::", 10), // link-local
          prefix("fec0::", 10), // site-local (deprecated, still routed by some networks)
          prefix("ff00::", 8)); // multicast

  private static final List<Embedding> EMBEDDINGS =
      List.of(
          new Embedding(prefix("::", 96), 12), // IPv4-compatible, also :: and ::1
          new Embedding(prefix("::ffff:0:0", 96), 12), // IPv4-mapped
          new Embedding(prefix("::ffff:0:0:0", 96), 12), // IPv4-translated (RFC 2765 SIIT)
          new Embedding(prefix("64:ff9b::", 96), 12), // NAT64
          new Embedding(prefix("2002::", 16), 2)); // 6to4

  private SpecialRanges() {}

  /** True for an address of any special range, or an IPv6 address carrying such an IPv4 one. */
  static boolean isSpecial(byte[] address) {
    if (address.length == 4) {
      return V4.stream().anyMatch(p -> p.contains(address));
    }
    for (Embedding e : EMBEDDINGS) {
      if (e.prefix().contains(address)) {
        byte[] v4 = new byte[4];
        System.arraycopy(address, e.v4Offset(), v4, 0, 4);
        return isSpecial(v4);
      }
    }
    return V6.stream().anyMatch(p -> p.contains(address));
  }

  /** 127/8 and ::1 only: what DP_ALLOW_LOCAL_REPOS admits. */
  static boolean isLoopback(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xff) == 127;
    }
    for (int i = 0; i < 15; i++) {
      if (address[i] != 0) {
        return false;
      }
    }
    return address[15] == 1;
  }

  private static Prefix prefix(String literal, int bits) {
    try {
      byte[] raw = InetAddress.getByName(literal).getAddress();
      if (literal.contains(":") && raw.length == 4) {
        // getByName turns ::ffff:a.b.c.d into IPv4; the prefix must stay 16 bytes.
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(raw, 0, v6, 12, 4);
        raw = v6;
      }
      return new Prefix(raw, bits);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}
