package io.deploymcp.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

/** Loopback ports for launcher tests, and the check that a stopped stack released them. */
final class FreePorts {
  private FreePorts() {}

  static int next() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True once nothing listens on the port (polls briefly: a stopping server may take a moment). */
  static boolean releasedWithin(int port, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Ports.isFree(port)) {
        return true;
      }
      Thread.sleep(100);
    }
    return Ports.isFree(port);
  }
}
