package io.deploymcp.registry.support;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The real Docker engine and registry these tests use. Without them a test is skipped with a
 * message, unless DP_REQUIRE_BUILDKIT=true or CI=true (set where CI starts dockerd and the registry), in
 * which case it fails.
 */
public final class RequiredComponents {
  private RequiredComponents() {}

  public static Path engineSocket() {
    String configured = System.getenv("DP_TEST_DOCKER_SOCKET");
    Path socket = Path.of(configured == null || configured.isBlank() ? "/var/run/docker.sock" : configured);
    if (!Files.exists(socket)) {
      missing("no Docker engine socket at " + socket
          + " (start dockerd --iptables=false --ip6tables=false, or set DP_TEST_DOCKER_SOCKET)");
    }
    return socket;
  }

  /** host:port of a registry answering {@code GET /v2/} with 200: REGISTRY_HOST, else 127.0.0.1:5000. */
  public static String registryHost() {
    String configured = System.getenv("REGISTRY_HOST");
    String host = configured == null || configured.isBlank() ? "127.0.0.1:5000" : configured;
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      HttpResponse<Void> response = http.send(
          HttpRequest.newBuilder(URI.create("http://" + host + "/v2/")).timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        missing("the registry at " + host + " answered " + response.statusCode() + " to GET /v2/ (it must allow anonymous access)");
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      missing("no registry at http://" + host + " (" + e.getClass().getSimpleName()
          + "); start docker-registry as in docs/buildkit.md §1 or set REGISTRY_HOST");
    }
    return host;
  }

  private static void missing(String message) {
    if (("true".equalsIgnoreCase(System.getenv("DP_REQUIRE_BUILDKIT")) || "true".equalsIgnoreCase(System.getenv("CI")))) {
      fail(message);
    }
    abort(message);
  }
}
