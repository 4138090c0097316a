package io.deploymcp.images;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * The Docker engine and the loopback registry this machine runs (.ci/run starts both, and
 * bin/base-images pushes base/jre:1). Tests skip when they are missing, and fail instead under
 * DP_REQUIRE_BUILDKIT=true or CI=true, as the other build tests do.
 */
final class Engine {
  static final String REGISTRY = "127.0.0.1:5000";
  static final String JRE = REGISTRY + "/base/jre:1";
  private static final Path SOCKET = Path.of("/var/run/docker.sock");

  private Engine() {}

  static void require() {
    String missing = missing();
    if (missing == null) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("DP_REQUIRE_BUILDKIT")) || "true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("DP_REQUIRE_BUILDKIT=true or CI=true but " + missing);
    }
    Assumptions.abort(missing);
  }

  private static String missing() {
    if (!Files.exists(SOCKET)) {
      return "no Docker engine at " + SOCKET;
    }
    if (status("/v2/") != 200) {
      return "no registry at " + REGISTRY;
    }
    if (status("/v2/base/jre/manifests/1") != 200) {
      return "base image " + JRE + " is not in the registry (run bin/base-images)";
    }
    return null;
  }

  /** HTTP status of a HEAD on the loopback registry; -1 when it does not answer. */
  static int status(String path) {
    return head(path).statusCode();
  }

  /** The Docker-Content-Digest the registry reports for a manifest, or null. */
  static String digest(String repository, String tag) {
    HttpResponse<Void> r = head("/v2/" + repository + "/manifests/" + tag);
    return r.statusCode() == 200 ? r.headers().firstValue("Docker-Content-Digest").orElse(null) : null;
  }

  /** Deletes a manifest by digest (the registry CI starts has delete enabled); best effort. */
  static void deleteManifest(String repository, String digest) {
    if (digest == null) {
      return;
    }
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      http.send(HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/" + repository + "/manifests/" + digest))
              .DELETE().timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (Exception ignored) {
      // A registry without delete keeps the test tag; layers are shared with the real tags.
    }
  }

  private static HttpResponse<Void> head(String path) {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      HttpRequest head =
          HttpRequest.newBuilder(URI.create("http://" + REGISTRY + path))
              .method("HEAD", HttpRequest.BodyPublishers.noBody())
              .header("Accept", "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json")
              .timeout(Duration.ofSeconds(5))
              .build();
      return http.send(head, HttpResponse.BodyHandlers.discarding());
    } catch (Exception e) {
      return new FailedResponse();
    }
  }

  /** Stands for "no answer" (status -1). */
  private static final class FailedResponse implements HttpResponse<Void> {
    @Override public int statusCode() { return -1; }
    @Override public HttpRequest request() { return null; }
    @Override public java.util.Optional<HttpResponse<Void>> previousResponse() { return java.util.Optional.empty(); }
    @Override public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true); }
    @Override public Void body() { return null; }
    @Override public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
    @Override public URI uri() { return null; }
    @Override public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
  }
}
