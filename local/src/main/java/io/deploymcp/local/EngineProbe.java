package io.deploymcp.local;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks a Docker engine's socket {@code GET /_ping}. java.net.http cannot speak over a unix
 * socket, and one request with {@code Connection: close} needs no more than a status line, so
 * this writes HTTP/1.1 by hand instead of adding a unix-socket HTTP library for it.
 */
final class EngineProbe {
  private static final int MAX_RESPONSE = 8192;

  private EngineProbe() {}

  /** Null when the engine answered {@code 200 OK}, else why not (one clause). */
  static String ping(Path socket, Duration timeout) {
    if (!Files.exists(socket)) {
      return "no Docker engine socket at " + socket;
    }
    SocketChannel channel;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    } catch (IOException | UnsupportedOperationException e) {
      return "cannot open a unix socket (" + e.getMessage() + ")";
    }
    // A blocking channel has no read timeout: read on another thread and close the channel
    // when time is up, which ends that read.
    CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> exchange(channel, socket),
        command -> Thread.ofVirtual().name("engine-ping").start(command));
    try {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return "the socket " + socket + " did not answer _ping within " + timeout.toMillis() + " ms";
    } catch (ExecutionException e) {
      return "the socket " + socket + " did not answer _ping (" + e.getCause().getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } finally {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Closing is only to end a pending read.
      }
    }
  }

  private static String exchange(SocketChannel channel, Path socket) {
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.write(ByteBuffer.wrap(
          "GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer buffer = ByteBuffer.allocate(MAX_RESPONSE);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        if (headersComplete(buffer)) {
          break;
        }
      }
      String response = new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
      String statusLine = response.lines().findFirst().orElse("");
      if (statusLine.matches("HTTP/1\\.[01] 200( .*)?")) {
        return null;
      }
      return statusLine.isEmpty()
          ? "the socket " + socket + " closed without an answer to _ping"
          : "the socket " + socket + " answered _ping with '" + truncate(statusLine) + "'";
    } catch (IOException e) {
      return "cannot talk to " + socket + " (" + e.getMessage() + ")";
    }
  }

  private static boolean headersComplete(ByteBuffer buffer) {
    String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
    return text.contains("\r\n\r\n");
  }

  private static String truncate(String line) {
    return line.length() > 80 ? line.substring(0, 80) : line;
  }
}
