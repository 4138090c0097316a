package io.deploymcp.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The docker CLI against the machine's engine, as an operator would type it. */
final class Docker {
  private Docker() {}

  record Result(int exit, String output) {}

  static Result run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
    return run(java.util.Map.of(), timeoutSeconds, args);
  }

  /** With {@code env} added to the CLI's environment (for {@code -e NAME} without a value). */
  static Result run(java.util.Map<String, String> env, long timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("dp-docker-", ".out");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
      builder.environment().putAll(env);
      Process p = builder.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("docker " + String.join(" ", args) + " did not finish in " + timeoutSeconds + " s");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Runs and fails on a non-zero exit; returns stdout+stderr. */
  static String ok(long timeoutSeconds, String... args) throws IOException, InterruptedException {
    return ok(java.util.Map.of(), timeoutSeconds, args);
  }

  static String ok(java.util.Map<String, String> env, long timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    Result r = run(env, timeoutSeconds, args);
    if (r.exit() != 0) {
      throw new AssertionError("docker " + String.join(" ", args) + " exited " + r.exit() + ": " + r.output());
    }
    return r.output();
  }

  static String logs(String container) throws IOException, InterruptedException {
    return run(30, "logs", container).output();
  }

  static void removeQuietly(String... containers) {
    for (String c : containers) {
      try {
        run(30, "rm", "-f", c);
      } catch (Exception ignored) {
        // Best effort in cleanup.
      }
    }
  }
}
