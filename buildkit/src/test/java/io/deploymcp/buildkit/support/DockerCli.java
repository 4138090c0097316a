package io.deploymcp.buildkit.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The docker CLI and the loopback registry, for checking what a build left in the engine
 * (inspect, history, save) in real-engine tests.
 */
public final class DockerCli {
  public static final String BASE_IMAGE = "127.0.0.1:5000/base/busybox:1";

  private DockerCli() {}

  /** Runs {@code docker args...} and returns stdout; fails the test on a non-zero exit. */
  public static byte[] run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("docker");
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = process.getInputStream()) {
      in.transferTo(out);
    }
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError("docker " + String.join(" ", args) + " failed");
    }
    return out.toByteArray();
  }

  public static String text(String... args) throws IOException, InterruptedException {
    return new String(run(args), StandardCharsets.UTF_8).strip();
  }

  /** Removes images a test made; missing ones are fine. */
  public static void removeImages(String... names) {
    for (String name : names) {
      try {
        new ProcessBuilder("docker", "image", "rm", "-f", name)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor(30, TimeUnit.SECONDS);
      } catch (IOException | InterruptedException e) {
        // Cleanup only.
      }
    }
  }

  /**
   * The base image every real build starts from must be in the loopback registry (bin/base-images
   * or the command in docs/buildkit.md puts it there); without it the test cannot mean anything.
   */
  public static void requireBaseImage() {
    String message = "no " + BASE_IMAGE + " in the registry at 127.0.0.1:5000; make it as docs/buildkit.md §1 shows";
    try {
      HttpResponse<Void> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:5000/v2/base/busybox/manifests/1"))
              .method("HEAD", HttpRequest.BodyPublishers.noBody())
              .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
              .timeout(Duration.ofSeconds(5))
              .build(),
          HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() == 200) {
        return;
      }
    } catch (IOException e) {
      message += " (" + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (("true".equalsIgnoreCase(System.getenv("DP_REQUIRE_BUILDKIT")) || "true".equalsIgnoreCase(System.getenv("CI")))) {
      throw new AssertionError(message);
    }
    org.junit.jupiter.api.Assumptions.abort(message);
  }
}
