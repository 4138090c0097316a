package io.deploymcp.api.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Server-Sent Events client on the JDK HTTP client, reading the body line by line as the
 * EventSource algorithm does: {@code event:}/{@code id:}/{@code data:} fields until a blank line
 * make one event, lines starting with {@code :} are comments. The stream's end is an event of
 * type {@link #END}.
 */
public final class SseClient implements AutoCloseable {
  public static final String END = "<end>";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** One event as received; {@code data} is the joined data lines. */
  public record Event(String type, String id, String data) {}

  private final HttpResponse<InputStream> response;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final AtomicInteger comments = new AtomicInteger();
  private final Thread reader;

  private SseClient(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader = Thread.ofVirtual().start(this::read);
  }

  /** Opens {@code path} with the key (and Last-Event-ID when not null); throws on a non-200. */
  public static SseClient open(String key, String path, String lastEventId) {
    return open(io.restassured.RestAssured.port, key, path, lastEventId);
  }

  /** The same against the API on {@code port} (a replica of replicas/). */
  public static SseClient open(int port, String key, String path, String lastEventId) {
    HttpResponse<InputStream> response = request(port, key, path, lastEventId);
    if (response.statusCode() != 200) {
      String body;
      try (InputStream in = response.body()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        body = e.toString();
      }
      throw new IllegalStateException("status " + response.statusCode() + ": " + body);
    }
    return new SseClient(response);
  }

  /** The raw answer, for refusals (status and problem body). */
  public static HttpResponse<InputStream> request(String key, String path, String lastEventId) {
    return request(io.restassured.RestAssured.port, key, path, lastEventId);
  }

  private static HttpResponse<InputStream> request(int port, String key, String path, String lastEventId) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Accept", "text/event-stream")
        .timeout(Duration.ofSeconds(60))
        .GET();
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String contentType() {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String type = null;
      String id = null;
      List<String> data = new ArrayList<>();
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isEmpty()) {
          if (!data.isEmpty() || type != null) {
            events.add(new Event(type == null ? "message" : type, id, String.join("\n", data)));
          }
          type = null;
          id = null;
          data.clear();
        } else if (line.startsWith(":")) {
          comments.incrementAndGet();
        } else if (line.startsWith("event:")) {
          type = field(line, 6);
        } else if (line.startsWith("id:")) {
          id = field(line, 3);
        } else if (line.startsWith("data:")) {
          data.add(field(line, 5));
        }
      }
    } catch (IOException e) {
      // closed by the test
    }
    events.add(new Event(END, null, null));
  }

  private static String field(String line, int at) {
    String value = line.substring(at);
    return value.startsWith(" ") ? value.substring(1) : value;
  }

  /** The next event, or null after {@code timeout}. */
  public Event next(Duration timeout) {
    try {
      return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Events until one of {@code type} (included) or the end; fails after {@code timeout}. */
  public List<Event> until(String type, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Event> out = new ArrayList<>();
    while (true) {
      Event e = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (e == null) {
        throw new AssertionError("no " + type + " event within " + timeout + "; got " + out);
      }
      out.add(e);
      if (e.type().equals(type) || e.type().equals(END)) {
        return out;
      }
    }
  }

  /** Everything until the stream ends (the END marker not included). */
  public List<Event> toEnd(Duration timeout) {
    List<Event> all = until(END, timeout);
    return all.subList(0, all.size() - 1);
  }

  public int comments() {
    return comments.get();
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      // already closed
    }
    reader.interrupt();
  }
}
