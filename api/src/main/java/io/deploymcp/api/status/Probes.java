package io.deploymcp.api.status;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Cheap reachability checks with a deadline: a TCP connect, one HTTP GET, a file test. They
 * say whether something answers, not whether it works end to end.
 */
public final class Probes {
  private final Duration timeout;
  private final HttpClient http;

  public Probes(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Null when a TCP connection opens, else why not. */
  public String tcp(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      return null;
    } catch (IOException e) {
      return describe(e);
    }
  }

  /** The HTTP status of a GET, or -1 with no answer. */
  public int httpStatus(URI uri) {
    try {
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException | IllegalArgumentException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  public boolean readable(Path file) {
    return Files.isRegularFile(file) && Files.isReadable(file);
  }

  public boolean exists(Path file) {
    return Files.exists(file);
  }

  private static String describe(IOException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.length() > 120 ? message.substring(0, 120) : message;
  }
}
