package io.deploymcp.address;

import java.net.InetAddress;
import java.util.List;

/**
 * What {@link HostCheck} found a host to stand for: addresses the policy allows, or why a
 * connection must not go there. Each caller words the reasons for its own users (a problem
 * detail, a checkout failure, a build refusal).
 */
public sealed interface HostAddresses {
  /** Every address the host stands for; the policy allows each one. */
  record Allowed(List<InetAddress> addresses) implements HostAddresses {
    public Allowed {
      addresses = List.copyOf(addresses);
    }
  }

  /** The host stands for {@code address}, which the policy refuses. */
  record Refused(InetAddress address) implements HostAddresses {}

  /** No host at all. */
  record Empty() implements HostAddresses {}

  /** Meant as an IPv6 address (it has a colon), but not one. */
  record InvalidLiteral() implements HostAddresses {}

  /**
   * A number that is not a dotted quad (2130706433, 0x7f.1, 127.1, 0177.0.0.1, 999.1.1.1): some
   * client reads it as an IPv4 address, another sends it to DNS, so it is neither.
   */
  record NonStandardNumeric() implements HostAddresses {}

  /** An IPv6 address with a zone id, which names an interface of the connecting machine. */
  record ZoneId() implements HostAddresses {}

  /** A name without an answer (no such name, or none in time). */
  record DoesNotResolve() implements HostAddresses {}
}
