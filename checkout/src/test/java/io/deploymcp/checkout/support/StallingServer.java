package io.deploymcp.checkout.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for a git host that hangs: it accepts connections, reads what the client sends
 * and never answers. Loopback only.
 */
public final class StallingServer implements AutoCloseable {
  private final ServerSocket socket;
  private final List<Socket> clients = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  public StallingServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofPlatform().daemon().start(this::accept);
  }

  public String url(String name) {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/" + name;
  }

  public int connections() {
    return clients.size();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        clients.add(client);
        Thread.ofPlatform().daemon().start(() -> drain(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void drain(Socket client) {
    byte[] buffer = new byte[4096];
    try (InputStream in = client.getInputStream()) {
      while (in.read(buffer) >= 0) {
        // Swallow the request; never answer.
      }
    } catch (IOException e) {
      // Closed.
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket client : clients) {
      client.close();
    }
  }
}
