package io.deploymcp.crash.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Read-only questions to a registry's v2 API (pushes are the worker's; nothing here deletes). */
public final class RegistryTags {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String host;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public RegistryTags(String host) {
    this.host = host;
  }

  /** The repository's tags (empty when it does not exist or the registry does not answer). */
  public List<String> tags(String repository) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://" + host + "/v2/" + repository + "/tags/list"))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return List.of();
      }
      JsonNode tags = JSON.readTree(r.body()).path("tags");
      List<String> out = new ArrayList<>();
      tags.forEach(t -> out.add(t.asText()));
      return out;
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }
}
