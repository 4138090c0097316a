package io.deploymcp.crash.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on loopback in front of a server, so a test can make that server unreachable
 * without stopping it: {@link #cut()} drops every open connection and refuses new ones (the port
 * stops listening: connection refused, as from an API server that is down), {@link #restore()}
 * listens again on the same port, {@link #pause()} holds the bytes. Bytes pass through untouched,
 * TLS included.
 */
public final class TcpProxy implements AutoCloseable {
  private final int port;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket listener;
  private volatile boolean closed;
  private volatile boolean paused;

  private TcpProxy(int port, InetSocketAddress target) {
    this.port = port;
    this.target = target;
  }

  /** Listens on a free loopback port and forwards to {@code 127.0.0.1:targetPort}. */
  public static TcpProxy to(int targetPort) throws IOException {
    TcpProxy proxy = new TcpProxy(FreePorts.next(), new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
    proxy.restore();
    return proxy;
  }

  public int port() {
    return port;
  }

  /** Listens (again) and forwards new connections. */
  public synchronized void restore() throws IOException {
    if (listener != null && !listener.isClosed()) {
      return;
    }
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    listener = server;
    Thread.ofVirtual().name("proxy-accept-" + port).start(() -> accept(server));
  }

  /**
   * Holds every byte in both directions until {@link #resume()}: connections stay open, requests
   * go unanswered (a server that stalls, or a call in flight when its caller is killed).
   */
  public void pause() {
    paused = true;
  }

  public void resume() {
    paused = false;
  }

  /** Drops every connection and stops listening. */
  public synchronized void cut() {
    closeQuietly(listener);
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  private void accept(ServerSocket server) {
    while (!server.isClosed() && !closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException stopped) {
        return;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(target, 2_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
        continue;
      }
      open.add(client);
      open.add(upstream);
      Thread.ofVirtual().start(() -> pump(client, upstream));
      Thread.ofVirtual().start(() -> pump(upstream, client));
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        while (paused && !closed) {
          Thread.sleep(5);
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException ended) {
      // either side went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ignored) {
      // closing is best effort
    }
  }

  @Override
  public void close() {
    closed = true;
    cut();
  }
}
