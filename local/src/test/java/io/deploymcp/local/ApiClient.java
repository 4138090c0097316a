package io.deploymcp.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP against the running API, as curl would do it. */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String apiKey;

  ApiClient(String baseUrl, String apiKey) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
  }

  String baseUrl() {
    return baseUrl;
  }

  String apiKey() {
    return apiKey;
  }

  record Response(int status, String contentType, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (HTTP " + status + "): " + body, e);
      }
    }

    @Override
    public String toString() {
      return "HTTP " + status + " " + body;
    }
  }

  Response get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  Response getWithoutKey(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).GET());
  }

  Response post(String path, String json) throws IOException, InterruptedException {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Response put(String path, String json) throws IOException, InterruptedException {
    return send(request(path).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  Response delete(String path) throws IOException, InterruptedException {
    return send(request(path).DELETE());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + apiKey);
  }

  private Response send(HttpRequest.Builder builder) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
  }

  static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
