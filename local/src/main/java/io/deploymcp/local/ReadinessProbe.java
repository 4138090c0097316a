package io.deploymcp.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Polls the API's readiness endpoint (database and Temporal checks) until it answers 200. */
final class ReadinessProbe {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI uri;

  ReadinessProbe(String apiUrl) {
    this.uri = URI.create(apiUrl + "/q/health/ready");
  }

  /**
   * Returns once ready; throws {@link StartupException} when the API exits first or the timeout
   * passes (with the last readiness answer, which names the failing check).
   */
  void await(ChildProcess api, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      if (!api.isAlive()) {
        throw new StartupException(
            "the API exited with code " + api.exitValue() + " while starting",
            "see the [api] lines above");
      }
      try {
        HttpResponse<String> response =
            http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = "HTTP " + response.statusCode() + " " + oneLine(response.body());
      } catch (IOException e) {
        last = "no answer yet";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StartupException("interrupted while waiting for the API", "start it again");
      }
      sleep();
    }
    throw new StartupException(
        "the API was not ready after " + timeout.toSeconds() + " s (" + uri + ": " + last + ")",
        "see the [api] lines above; DP_READY_TIMEOUT_SECONDS gives it longer");
  }

  private static String oneLine(String body) {
    String flat = body.replaceAll("\\s+", " ").strip();
    return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
