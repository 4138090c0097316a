package io.deploymcp.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for the bytes clients refuse to send (a NUL in a header, "%%%"
 * in a query, a raw non-ASCII byte in the path) and to see exactly what the server answers,
 * empty bodies included. Each request closes its connection.
 */
public final class RawHttp {
  private RawHttp() {}

  /** What came back: status, headers (lower-case names), body as UTF-8. */
  public record Answer(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** A problem+json answer with this status and code, a hint, and no stack trace or raw NUL. */
    public Answer assertProblem(int expectedStatus, String code) {
      assertThat(status).as(toString()).isEqualTo(expectedStatus);
      assertThat(header("content-type")).as(toString()).startsWith("application/problem+json");
      assertThat(body)
          .contains("\"code\":\"" + code + "\"")
          .contains("\"status\":" + expectedStatus)
          .contains("\"hint\":\"")
          .contains("\"type\":\"urn:deploy-mcp:problem:")
          .doesNotContain("Exception")
          .doesNotContain("\\u0000");
      return this;
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + body;
    }
  }

  public static String bearer(String key) {
    return "Authorization: Bearer " + key + "\r\n";
  }

  public static Answer get(String target, String headers) {
    return send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "Connection: close\r\n\r\n");
  }

  public static Answer send(String method, String target, String headers, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return send(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers
        + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
        + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n"
        + new String(bytes, StandardCharsets.ISO_8859_1));
  }

  /** Sends {@code request} byte for byte (each char one ISO-8859-1 byte) and reads to the end. */
  public static Answer send(String request) {
    return send(RestAssured.port, request);
  }

  /** As {@link #send(String)}, to the API on {@code port} (a packaged process). */
  public static Answer send(int port, String request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return parse(readAll(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * As {@link #send(String)} for a request that does not ask to close: the answer, which the server
   * must follow by closing the connection within 5 seconds.
   */
  public static Answer sendExpectingClose(String request) {
    try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try {
        socket.getInputStream().transferTo(bytes);
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the server kept the connection open after " + bytes.toString(StandardCharsets.ISO_8859_1), e);
      }
      return parse(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = in.read(buffer)) != -1) {
        bytes.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // The server reset or held the connection: what arrived so far is the answer.
    }
    return bytes.toByteArray();
  }

  private static Answer parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IllegalStateException("no HTTP answer: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    String body = text.substring(end + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Answer(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
  }

  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < body.length()) {
      int lineEnd = body.indexOf("\r\n", at);
      int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(body, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
    return out.toString();
  }
}
