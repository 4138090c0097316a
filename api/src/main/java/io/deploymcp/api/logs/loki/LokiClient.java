package io.deploymcp.api.logs.loki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Loki's {@code GET /loki/api/v1/query_range}, and nothing else. Credentials in the URL's user
 * part ({@code https://deploy:<pw>@loki.example}, seed §8) become a Basic Authorization header and
 * never appear in an error message. Loki answers structured metadata merged into each result
 * stream's labels (its default without the categorize-labels header), which is how
 * {@link LokiLine#labels()} carries {@code deployment_id} and {@code seq}.
 */
public final class LokiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String authorization;
  private final HttpClient http;
  private final Duration timeout;

  public LokiClient(String lokiUrl, Duration timeout) {
    URI uri = URI.create(Objects.requireNonNull(lokiUrl, "lokiUrl").replaceAll("/+$", ""));
    if (uri.getScheme() == null || uri.getHost() == null || !uri.getScheme().matches("https?")) {
      throw new IllegalArgumentException("LOKI_URL must be an http(s) URL with a host");
    }
    String userInfo = uri.getRawUserInfo();
    this.authorization = userInfo == null ? null
        : "Basic " + Base64.getEncoder().encodeToString(
            java.net.URLDecoder.decode(userInfo, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
    this.base = URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null ? "" : uri.getRawPath()));
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** Host and port, for messages (never the credentials). */
  public String describe() {
    return base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort());
  }

  /**
   * Lines matching {@code query} with {@code startNanos <= t < endNanos}, at most {@code limit},
   * the newest first when {@code backward}.
   *
   * @throws LokiException Loki refused the query or could not be reached
   */
  public List<LokiLine> queryRange(String query, long startNanos, long endNanos, int limit, boolean backward) {
    String uri = base + "/loki/api/v1/query_range?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
        + "&start=" + startNanos + "&end=" + endNanos + "&limit=" + limit
        + "&direction=" + (backward ? "backward" : "forward");
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(timeout).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new LokiException("Loki at " + describe() + " could not be reached: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LokiException("interrupted while reading from Loki", e);
    }
    if (response.statusCode() != 200) {
      String body = response.body() == null ? "" : response.body().strip();
      throw new LokiException("Loki at " + describe() + " answered HTTP " + response.statusCode()
          + (body.isEmpty() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200) : body)), null);
    }
    return parse(response.body());
  }

  static List<LokiLine> parse(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new LokiException("Loki's query_range answer is not JSON", e);
    }
    if (!"success".equals(root.path("status").asText()) || !"streams".equals(root.path("data").path("resultType").asText())) {
      throw new LokiException("Loki's query_range answer is not a success with streams", null);
    }
    List<LokiLine> lines = new ArrayList<>();
    for (JsonNode stream : root.path("data").path("result")) {
      Map<String, String> labels = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = stream.path("stream").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        labels.put(e.getKey(), e.getValue().asText());
      }
      Map<String, String> shared = Map.copyOf(labels);
      for (JsonNode value : stream.path("values")) {
        // [ "<ns>", "<line>" ] or, with categorized labels, a third element of metadata.
        Map<String, String> own = shared;
        if (value.size() > 2 && value.get(2).path("structuredMetadata").isObject()) {
          Map<String, String> merged = new LinkedHashMap<>(shared);
          value.get(2).path("structuredMetadata").fields().forEachRemaining(e -> merged.put(e.getKey(), e.getValue().asText()));
          own = Map.copyOf(merged);
        }
        lines.add(new LokiLine(own, Long.parseLong(value.get(0).asText()), value.get(1).asText()));
      }
    }
    return lines;
  }
}
