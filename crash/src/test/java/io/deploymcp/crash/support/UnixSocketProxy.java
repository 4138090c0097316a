package io.deploymcp.crash.support;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A unix-socket forwarder in front of the Docker engine's socket: the worker's BUILDKIT_HOST
 * ({@code docker://<this socket>}) reaches the engine's BuildKit and its image API through it.
 * {@link #cut()} drops every connection and removes the socket (new connections are refused), as a
 * restarting daemon looks to its clients — the BuildKit restart stand-in, since the engine is
 * shared and must not be restarted; {@link #restore()} listens again.
 */
public final class UnixSocketProxy implements AutoCloseable {
  private final Path socket;
  private final Path target;
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocketChannel listener;

  public UnixSocketProxy(Path socket, Path target) throws IOException {
    this.socket = socket;
    this.target = target;
    restore();
  }

  public Path socket() {
    return socket;
  }

  public synchronized void restore() throws IOException {
    if (listener != null && listener.isOpen()) {
      return;
    }
    Files.deleteIfExists(socket);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    listener = server;
    Thread.ofVirtual().name("uds-proxy-accept").start(() -> accept(server));
  }

  public synchronized void cut() throws IOException {
    if (listener != null) {
      listener.close();
    }
    Files.deleteIfExists(socket);
    for (SocketChannel c : open) {
      closeQuietly(c);
    }
    open.clear();
  }

  private void accept(ServerSocketChannel server) {
    while (server.isOpen()) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException stopped) {
        return;
      }
      SocketChannel upstream;
      try {
        upstream = SocketChannel.open(UnixDomainSocketAddress.of(target));
      } catch (IOException e) {
        closeQuietly(client);
        continue;
      }
      open.add(client);
      open.add(upstream);
      Thread.ofVirtual().start(() -> pump(client, upstream));
      Thread.ofVirtual().start(() -> pump(upstream, client));
    }
  }

  private void pump(SocketChannel from, SocketChannel to) {
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    try {
      while (from.read(buffer) >= 0) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          to.write(buffer);
        }
        buffer.clear();
      }
    } catch (IOException ended) {
      // either side went away
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // best effort
    }
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
