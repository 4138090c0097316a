package io.deploymcp.local;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in for the Docker engine's socket: a real unix socket that answers every request
 * with one fixed HTTP response (the engine answers {@code GET /_ping} with 200 and "OK"), or
 * with nothing at all when the response is null, like an engine that hangs.
 */
final class FakeEngineSocket implements AutoCloseable {
  static final String PING_OK = "HTTP/1.1 200 OK\r\nApi-Version: 1.47\r\nContent-Type: text/plain; charset=utf-8\r\n"
      + "Content-Length: 2\r\n\r\nOK";

  private final Path socket;
  private final ServerSocketChannel server;
  private final Thread acceptor;

  FakeEngineSocket(Path socket, String response) throws IOException {
    this.socket = socket;
    Files.deleteIfExists(socket);
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    acceptor = Thread.ofVirtual().start(() -> {
      while (server.isOpen()) {
        try {
          SocketChannel client = server.accept();
          Thread.ofVirtual().start(() -> answer(client, response));
        } catch (IOException e) {
          return; // closed
        }
      }
    });
  }

  Path path() {
    return socket;
  }

  private static void answer(SocketChannel client, String response) {
    try (client) {
      client.read(ByteBuffer.allocate(4096));
      if (response == null) {
        Thread.sleep(10_000);
        return;
      }
      client.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)));
    } catch (IOException | InterruptedException ignored) {
      // The probe gave up or the test ended.
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    acceptor.interrupt();
    Files.deleteIfExists(socket);
  }
}
