package io.deploymcp.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Checks a loopback port before a component binds it, so "in use" becomes one clear line. */
final class Ports {
  private Ports() {}

  static void ensureFree(int port, String component, String envVar) {
    if (!isFree(port)) {
      throw new StartupException(
          "port " + port + " (" + component + ") is already in use",
          "is another local stack running? Stop it, or set " + envVar + " to a free port");
    }
  }

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
