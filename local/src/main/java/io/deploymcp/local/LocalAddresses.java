package io.deploymcp.local;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Whether a host names this machine: a loopback address, or an address of one of its interfaces. */
final class LocalAddresses {
  private LocalAddresses() {}

  /**
   * True when every address {@code host} stands for is this machine's. A name is resolved (k3s
   * writes 127.0.0.1, so that is rare); one that does not resolve is not local.
   */
  static boolean isLocal(String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    String h = host.strip();
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.toLowerCase(Locale.ROOT).equals("localhost")) {
      return true;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(h);
    } catch (UnknownHostException | SecurityException e) {
      return false;
    }
    Set<InetAddress> mine = interfaceAddresses();
    for (InetAddress address : addresses) {
      if (!address.isLoopbackAddress() && !mine.contains(address)) {
        return false;
      }
    }
    return addresses.length > 0;
  }

  private static Set<InetAddress> interfaceAddresses() {
    try {
      return NetworkInterface.networkInterfaces()
          .flatMap(NetworkInterface::inetAddresses)
          .map(LocalAddresses::withoutScope)
          .collect(Collectors.toSet());
    } catch (SocketException e) {
      return Set.of();
    }
  }

  /** fe80::1%eth0 and fe80::1 are the same address for this purpose. */
  private static InetAddress withoutScope(InetAddress address) {
    try {
      return InetAddress.getByAddress(address.getAddress());
    } catch (UnknownHostException e) {
      return address;
    }
  }
}
