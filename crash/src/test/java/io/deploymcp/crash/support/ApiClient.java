package io.deploymcp.crash.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;

/** The REST API as a client sees it: JSON bodies, a bearer key, an optional Idempotency-Key. */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final String key;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(3))
          .executor(Executors.newVirtualThreadPerTaskExecutor())
          .build();

  public ApiClient(String base, String key) {
    this.base = base;
    this.key = key;
  }

  /** One answer; {@code json} is a MissingNode when the body is not JSON. */
  public record Response(int status, String contentType, String body, JsonNode json, Optional<String> replayed) {
    @Override
    public String toString() {
      return status + " " + contentType + " " + body;
    }
  }

  public Response get(String path, Duration timeout) throws IOException, InterruptedException {
    return send(request(path, timeout).GET(), null);
  }

  public Response post(String path, String body, String idempotencyKey, Duration timeout)
      throws IOException, InterruptedException {
    return send(
        request(path, timeout).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)),
        idempotencyKey);
  }

  public Response delete(String path, String idempotencyKey, Duration timeout) throws IOException, InterruptedException {
    return send(request(path, timeout).DELETE(), idempotencyKey);
  }

  private HttpRequest.Builder request(String path, Duration timeout) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("Authorization", "Bearer " + key);
  }

  private Response send(HttpRequest.Builder builder, String idempotencyKey) throws IOException, InterruptedException {
    if (idempotencyKey != null) {
      builder.header("Idempotency-Key", idempotencyKey);
    }
    HttpResponse<String> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    String type = r.headers().firstValue("Content-Type").orElse("");
    JsonNode json;
    try {
      json = r.body().isEmpty() ? MissingNode.getInstance() : JSON.readTree(r.body());
    } catch (IOException notJson) {
      json = MissingNode.getInstance();
    }
    return new Response(r.statusCode(), type, r.body(), json, r.headers().firstValue("Idempotent-Replayed"));
  }

  /** A JSON string literal. */
  public static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
