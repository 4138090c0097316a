package io.deploymcp.buildkit.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the Docker engine's API socket: it reads one HTTP/1.1 request head and either
 * refuses it with a fixed status line or answers 101 and from then on relays the raw bytes to a
 * gRPC server on another unix socket, as the engine does with its built-in BuildKit.
 */
public final class FakeEngine implements AutoCloseable {
  private final ServerSocketChannel listener;
  private final List<String> requestHeads = new CopyOnWriteArrayList<>();

  private FakeEngine(Path socket, String refusal, Path upstream) throws IOException {
    listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    listener.bind(UnixDomainSocketAddress.of(socket));
    Thread.ofVirtual().name("fake-engine").start(() -> acceptLoop(refusal, upstream));
  }

  /** Answers every request with {@code statusLine} (e.g. {@code HTTP/1.1 404 Not Found}). */
  public static FakeEngine refusing(Path socket, String statusLine) throws IOException {
    return new FakeEngine(socket, statusLine, null);
  }

  /** Upgrades every request and relays the connection to the gRPC server at {@code upstream}. */
  public static FakeEngine upgradingTo(Path socket, Path upstream) throws IOException {
    return new FakeEngine(socket, null, upstream);
  }

  public List<String> requestHeads() {
    return requestHeads;
  }

  private void acceptLoop(String refusal, Path upstream) {
    while (listener.isOpen()) {
      try {
        SocketChannel client = listener.accept();
        Thread.ofVirtual().start(() -> serve(client, refusal, upstream));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(SocketChannel client, String refusal, Path upstream) {
    try (client) {
      InputStream in = Channels.newInputStream(client);
      OutputStream out = Channels.newOutputStream(client);
      requestHeads.add(readHead(in));
      if (refusal != null) {
        out.write((refusal + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return;
      }
      try (SocketChannel server = SocketChannel.open(UnixDomainSocketAddress.of(upstream))) {
        out.write("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        Thread toServer = Thread.ofVirtual().start(() -> copy(in, Channels.newOutputStream(server)));
        copy(Channels.newInputStream(server), out);
        toServer.join();
      }
    } catch (IOException | InterruptedException e) {
      // The client went away; nothing to report for a test double.
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  private static void copy(InputStream from, OutputStream to) {
    try {
      from.transferTo(to);
    } catch (IOException e) {
      // One side closed: the relay ends.
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
