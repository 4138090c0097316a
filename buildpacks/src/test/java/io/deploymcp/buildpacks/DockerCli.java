package io.deploymcp.buildpacks;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's docker CLI ({@code /usr/bin/docker}, the 20.10 client that matches the engine) with
 * {@code DOCKER_BUILDKIT=1}: the engine's built-in BuildKit and its v0.8 Dockerfile frontend. Used
 * only to prove generated Dockerfiles build; the product talks to BuildKit over gRPC. Absent
 * engine: the test is skipped, or fails when DP_REQUIRE_BUILDKIT=true or CI=true.
 */
final class DockerCli {

  static final Path DOCKER = Path.of("/usr/bin/docker");
  static final Path SOCKET = Path.of("/var/run/docker.sock");

  record Result(int exitCode, String output) {}

  private DockerCli() {}

  static void requireEngine(String image) {
    String missing = null;
    if (!Files.isExecutable(DOCKER) || !Files.exists(SOCKET)) {
      missing = "no Docker engine (" + DOCKER + ", " + SOCKET + ")";
    } else if (run(List.of("version", "--format", "{{.Server.Version}}")).exitCode() != 0) {
      missing = "the Docker engine does not answer";
    } else if (run(List.of("pull", image)).exitCode() != 0) {
      missing = image + " cannot be pulled (bin/base-images pushes it to the loopback registry)";
    }
    if (missing == null) {
      return;
    }
    if (("true".equalsIgnoreCase(System.getenv("DP_REQUIRE_BUILDKIT")) || "true".equalsIgnoreCase(System.getenv("CI")))) {
      fail(missing + " and DP_REQUIRE_BUILDKIT=true or CI=true");
    }
    abort(missing + ": skipping the engine test");
  }

  static Result run(List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(DOCKER.toString());
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("DOCKER_BUILDKIT", "1");
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return new Result(-1, "timed out: " + command);
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }

  static String ok(List<String> arguments) {
    Result result = run(arguments);
    if (result.exitCode() != 0) {
      fail(
          "docker "
              + String.join(" ", arguments)
              + " failed ("
              + result.exitCode()
              + "):\n"
              + result.output());
    }
    return result.output();
  }

  /** Bytes of an image as {@code docker save} writes them (uncompressed layer tars). */
  static byte[] save(String image) {
    ProcessBuilder builder =
        new ProcessBuilder(DOCKER.toString(), "save", image)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      byte[] bytes = process.getInputStream().readAllBytes();
      process.waitFor(2, TimeUnit.MINUTES);
      return bytes;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
