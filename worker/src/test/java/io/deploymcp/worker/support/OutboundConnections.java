package io.deploymcp.worker.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TCP connections this JVM opens, seen the way the kernel (and so a NetworkPolicy) sees
 * them: a sampler thread reads {@code /proc/self/net/tcp} and {@code tcp6} every few
 * milliseconds and keeps the remote address of each socket that belongs to this process (its
 * inode is one of {@code /proc/self/fd}) and is not the accepted end of one of this process's
 * own listening ports. It sees every client library alike (JDBC, fabric8's HTTP client, gRPC's
 * native epoll transport), which a JDK-level hook would not; a connection opened and closed
 * between two samples can be missed, so it proves what was seen, not that nothing else was.
 * Linux only.
 */
public final class OutboundConnections implements AutoCloseable {
  /** One remote end. */
  public record Endpoint(InetAddress address, int port) {
    @Override
    public String toString() {
      String host = address.getHostAddress();
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  private static final String LISTEN = "0A";
  private final Set<Endpoint> seen = ConcurrentHashMap.newKeySet();
  private final Thread sampler;
  private volatile boolean running = true;

  private OutboundConnections(Duration interval) {
    sampler = Thread.ofPlatform().daemon().name("outbound-connections").start(() -> {
      while (running) {
        sample();
        try {
          Thread.sleep(interval);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
  }

  public static OutboundConnections start() {
    if (!Files.isReadable(Path.of("/proc/self/net/tcp"))) {
      throw new IllegalStateException("OutboundConnections reads /proc/self/net/tcp: Linux only");
    }
    return new OutboundConnections(Duration.ofMillis(5));
  }

  /** Every remote end seen so far (a last sample is taken first). */
  public Set<Endpoint> seen() {
    sample();
    return Set.copyOf(seen);
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    try {
      sampler.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sample();
  }

  private synchronized void sample() {
    Set<String> inodes = socketInodes();
    for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
      // Columns: sl local_address rem_address st ... uid timeout inode
      List<String[]> rows = new ArrayList<>();
      try {
        List<String> lines = Files.readAllLines(Path.of(table));
        for (String line : lines.subList(1, lines.size())) {
          rows.add(line.trim().split("\\s+"));
        }
      } catch (IOException e) {
        continue; // no IPv6 table
      }
      Set<Integer> listening = new HashSet<>();
      for (String[] row : rows) {
        if (row[3].equals(LISTEN) && inodes.contains(row[9])) {
          listening.add(port(row[1]));
        }
      }
      for (String[] row : rows) {
        if (row[3].equals(LISTEN) || !inodes.contains(row[9]) || listening.contains(port(row[1]))) {
          continue;
        }
        int remotePort = port(row[2]);
        if (remotePort != 0) {
          seen.add(new Endpoint(address(row[2]), remotePort));
        }
      }
    }
  }

  /** Inodes of this process's sockets: the fds linking to {@code socket:[inode]}. */
  private static Set<String> socketInodes() {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not read /proc/self/fd", e);
    }
    return inodes;
  }

  private static int port(String hexAddress) {
    return Integer.parseInt(hexAddress.substring(hexAddress.indexOf(':') + 1), 16);
  }

  /** The kernel prints each 32-bit word of the address in host (little-endian) order. */
  static InetAddress address(String hexAddress) {
    String hex = hexAddress.substring(0, hexAddress.indexOf(':'));
    byte[] raw = HexFormat.of().parseHex(hex);
    byte[] bytes = new byte[raw.length];
    for (int word = 0; word < raw.length; word += 4) {
      for (int i = 0; i < 4; i++) {
        bytes[word + i] = raw[word + 3 - i];
      }
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(hexAddress, e);
    }
  }
}
