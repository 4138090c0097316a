package io.deploymcp.api.metrics;

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
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;

/**
 * Instant queries against Prometheus's HTTP API ({@code POST /api/v1/query}, form-encoded, so a
 * query never meets a URL length limit) on the JDK's HTTP client. A query yields the value of its
 * first sample, or nothing when the result is empty or NaN; anything else Prometheus or the
 * network does is an {@link UnavailableException}.
 */
public final class PrometheusClient {
  /** Prometheus did not answer, or not with a result. The message names no query value. */
  public static final class UnavailableException extends RuntimeException {
    UnavailableException(String message) {
      super(message);
    }
  }

  private final URI queryUri;
  private final Duration timeout;
  private final HttpClient http;
  private final ObjectMapper json;

  public PrometheusClient(URI baseUrl, Duration timeout, ObjectMapper json) {
    String base = baseUrl.toString().replaceAll("/+$", "");
    this.queryUri = URI.create(base + "/api/v1/query");
    this.timeout = timeout;
    this.json = json;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** Sends the query; the future fails with {@link UnavailableException}. */
  public CompletableFuture<OptionalDouble> query(String promql) {
    HttpRequest request =
        HttpRequest.newBuilder(queryUri)
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .handle((response, failure) -> {
          if (failure != null) {
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            throw new UnavailableException("Prometheus at " + base() + " did not answer: " + describe(cause));
          }
          return parse(response);
        });
  }

  private OptionalDouble parse(HttpResponse<byte[]> response) {
    JsonNode body;
    try {
      body = json.readTree(response.body());
    } catch (IOException e) {
      throw new UnavailableException("Prometheus at " + base() + " answered HTTP " + response.statusCode() + " without JSON");
    }
    if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new UnavailableException(
          "Prometheus at " + base() + " answered HTTP " + response.statusCode() + ": "
              + Optional.ofNullable(body.path("errorType").asText(null)).orElse("error"));
    }
    JsonNode data = body.path("data");
    JsonNode value =
        switch (data.path("resultType").asText()) {
          case "vector" -> data.path("result").path(0).path("value").path(1);
          case "scalar" -> data.path("result").path(1);
          default -> null;
        };
    if (value == null || !value.isTextual()) {
      return OptionalDouble.empty();
    }
    double number;
    try {
      number = Double.parseDouble(value.asText());
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
    return Double.isNaN(number) || Double.isInfinite(number) ? OptionalDouble.empty() : OptionalDouble.of(number);
  }

  private String base() {
    // Host and port only: a URL's user-info would be a credential.
    return queryUri.getScheme() + "://" + queryUri.getHost() + (queryUri.getPort() < 0 ? "" : ":" + queryUri.getPort());
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
  }
}
