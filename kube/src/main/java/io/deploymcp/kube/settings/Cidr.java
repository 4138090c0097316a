package io.deploymcp.kube.settings;

import io.deploymcp.kube.InvalidKubeInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 CIDR block in canonical form ({@code 10.0.0.0/8}): the network address has no host
 * bits set, because the API server rejects NetworkPolicy {@code ipBlock}s that do. IPv4 only:
 * the egress policy allows {@code 0.0.0.0/0} and nothing of IPv6, so IPv6 is denied wholesale.
 */
public record Cidr(String value) {
  private static final Pattern FORM =
      Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})/([0-9]{1,2})");

  public Cidr {
    if (value == null) {
      throw new InvalidKubeInputException("cidr", "is required");
    }
    Matcher m = FORM.matcher(value);
    if (!m.matches()) {
      throw new InvalidKubeInputException("cidr", "'" + value + "' is not an IPv4 CIDR like 10.0.0.0/8");
    }
    long address = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(m.group(i));
      if (octet > 255 || (m.group(i).length() > 1 && m.group(i).startsWith("0"))) {
        throw new InvalidKubeInputException("cidr", "'" + value + "' has an invalid octet");
      }
      address = (address << 8) | octet;
    }
    int prefix = Integer.parseInt(m.group(5));
    if (prefix > 32) {
      throw new InvalidKubeInputException("cidr", "'" + value + "' has a prefix over 32");
    }
    long hostMask = prefix == 32 ? 0 : (1L << (32 - prefix)) - 1;
    if ((address & hostMask) != 0) {
      throw new InvalidKubeInputException(
          "cidr", "'" + value + "' has host bits set; use the network address");
    }
  }

  /** Parses {@code 10.0.0.0/8}; a bare address {@code 1.2.3.4} is taken as {@code /32}. */
  public static Cidr parse(String raw) {
    String trimmed = raw == null ? null : raw.strip();
    if (trimmed != null && !trimmed.contains("/")) {
      trimmed = trimmed + "/32";
    }
    return new Cidr(trimmed);
  }

  /** The prefix length, e.g. 8 for {@code 10.0.0.0/8}. */
  public int prefixLength() {
    return Integer.parseInt(value.substring(value.indexOf('/') + 1));
  }

  @Override
  public String toString() {
    return value;
  }

  /** Whether the IPv4 address {@code ip} (dotted quad) lies in this block. */
  public boolean contains(String ip) {
    Cidr single = parse(ip);
    int prefix = prefixLength();
    long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    return (address(single.value) & mask) == address(value);
  }

  private static long address(String cidr) {
    String[] octets = cidr.substring(0, cidr.indexOf('/')).split("\\.");
    long address = 0;
    for (String octet : octets) {
      address = (address << 8) | Integer.parseInt(octet);
    }
    return address;
  }
}
