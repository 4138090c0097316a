package io.deploymcp.crash.support;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Asks the Docker engine (its API on the unix socket, plain HTTP/1.1) whether it holds an image
 * tag: the engine's BuildKit exports a finished build into the engine before the worker pushes
 * it, so "the engine has the tag" is the moment a push begins.
 */
public final class EngineImages {
  private final Path socket;

  public EngineImages(Path socket) {
    this.socket = socket;
  }

  public boolean has(String reference) {
    String path = "/images/" + URLEncoder.encode(reference, StandardCharsets.UTF_8) + "/json";
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.write(
          ByteBuffer.wrap(
              ("GET " + path + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer head = ByteBuffer.allocate(64);
      while (head.position() < 12 && channel.read(head) >= 0) {
        // the status line's first 12 bytes: HTTP/1.1 200
      }
      String status = new String(head.array(), 0, head.position(), StandardCharsets.US_ASCII);
      return status.startsWith("HTTP/1.1 200") || status.startsWith("HTTP/1.0 200");
    } catch (IOException e) {
      return false;
    }
  }
}
