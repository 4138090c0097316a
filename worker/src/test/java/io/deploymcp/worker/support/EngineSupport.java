package io.deploymcp.worker.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Docker engine (its built-in BuildKit) and the loopback registry this machine runs
 * (docs/buildkit.md §1; .ci/run starts both and bin/base-images makes the base images).
 * Tests that need them skip when they are missing, and fail instead under
 * DP_REQUIRE_BUILDKIT=true or CI=true, which CI sets.
 */
public final class EngineSupport {
  public static final String REGISTRY = "127.0.0.1:5000";
  public static final String BUSYBOX = REGISTRY + "/base/busybox:1";
  public static final String NODE = REGISTRY + "/base/node:1";
  public static final String PYTHON = REGISTRY + "/base/python:1";
  private static final Path SOCKET = Path.of("/var/run/docker.sock");

  private EngineSupport() {}

  /** DP_BASE_IMAGE_* as an operator would set them for this machine's base images. */
  public static Map<String, String> baseImageEnvironment() {
    return Map.of(
        "DP_BASE_IMAGE_STATIC", BUSYBOX,
        "DP_BASE_IMAGE_NODE", NODE,
        "DP_BASE_IMAGE_PYTHON", PYTHON);
  }

  /** Skips (or, under DP_REQUIRE_BUILDKIT=true or CI=true, fails) unless the engine, registry and {@code images} are there. */
  public static void requireEngine(String... images) {
    String missing = missing(images);
    if (missing == null) {
      return;
    }
    if (("true".equalsIgnoreCase(System.getenv("DP_REQUIRE_BUILDKIT")) || "true".equalsIgnoreCase(System.getenv("CI")))) {
      fail("DP_REQUIRE_BUILDKIT=true or CI=true but " + missing);
    }
    Assumptions.abort(missing);
  }

  private static String missing(String... images) {
    if (!Files.exists(SOCKET)) {
      return "no Docker engine at " + SOCKET;
    }
    for (String image : images) {
      String path = image.substring(REGISTRY.length() + 1);
      String repository = path.substring(0, path.lastIndexOf(':'));
      String tag = path.substring(path.lastIndexOf(':') + 1);
      if (status("/v2/" + repository + "/manifests/" + tag) != 200) {
        return "base image " + image + " is not in the registry (run bin/base-images)";
      }
    }
    if (status("/v2/") != 200) {
      return "no registry at " + REGISTRY;
    }
    return null;
  }

  /** HTTP status of a HEAD on the loopback registry; -1 when it does not answer. */
  public static int status(String path) {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      HttpRequest head =
          HttpRequest.newBuilder(URI.create("http://" + REGISTRY + path))
              .method("HEAD", HttpRequest.BodyPublishers.noBody())
              .header(
                  "Accept",
                  "application/vnd.docker.distribution.manifest.v2+json,"
                      + " application/vnd.oci.image.manifest.v1+json")
              .timeout(Duration.ofSeconds(5))
              .build();
      return http.send(head, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
