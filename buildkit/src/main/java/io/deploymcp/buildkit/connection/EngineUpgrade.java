package io.deploymcp.buildkit.connection;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The HTTP/1.1 exchange that turns a Docker engine API connection into a raw HTTP/2 link to the
 * engine's built-in BuildKit. The engine answers {@code 101 Switching Protocols}, stops speaking
 * HTTP/1.1 and serves gRPC over HTTP/2 on the same socket, with us as the HTTP/2 client (we send
 * the connection preface). It is not the RFC 7540 h2c upgrade: the request itself is not
 * answered over HTTP/2.
 */
final class EngineUpgrade {
  /** Longest response head we wait for before giving up; the engine's is about 70 bytes. */
  static final int MAX_RESPONSE_HEAD = 8 * 1024;

  private EngineUpgrade() {}

  static byte[] request() {
    // Host is required by Go's HTTP/1.1 server; its value is not checked. No API version prefix:
    // the engine routes the bare path to its current version, and /grpc has not changed.
    String request =
        "POST /grpc HTTP/1.1\r\n"
            + "Host: docker\r\n"
            + "User-Agent: deploy-mcp-buildkit\r\n"
            + "Connection: Upgrade\r\n"
            + "Upgrade: h2c\r\n"
            + "Content-Length: 0\r\n"
            + "\r\n";
    return request.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Index just past the blank line ending the response head in {@code bytes[0..length)}, or -1
   * while it is incomplete.
   */
  static int headEnd(byte[] bytes, int length) {
    for (int i = 3; i < length; i++) {
      if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  /** The status line's code and text; what the engine sent when it refuses the upgrade. */
  record Status(int code, String line) {
    boolean switched() {
      return code == 101;
    }
  }

  static Status status(String head) {
    int lineEnd = head.indexOf("\r\n");
    String line = lineEnd < 0 ? head : head.substring(0, lineEnd);
    String[] parts = line.split(" ", 3);
    if (parts.length < 2 || !parts[0].toUpperCase(Locale.ROOT).startsWith("HTTP/1.")) {
      return new Status(-1, printable(line));
    }
    try {
      return new Status(Integer.parseInt(parts[1]), printable(line));
    } catch (NumberFormatException e) {
      return new Status(-1, printable(line));
    }
  }

  private static String printable(String line) {
    String trimmed = line.length() > 120 ? line.substring(0, 120) : line;
    return trimmed.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
