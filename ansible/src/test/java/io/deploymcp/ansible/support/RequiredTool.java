package io.deploymcp.ansible.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program the tests run (ansible-playbook, ansible-lint, yamllint, nft), as in infra's tests.
 * Missing: the test is skipped on a developer's machine and fails under CI=true, where .ci/run
 * installs it (Debian's ansible, ansible-lint, yamllint, nftables).
 */
public final class RequiredTool {
  private RequiredTool() {}

  public static Path require(String program, String install) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw unavailable(program + " is not on PATH (" + install + ")");
  }

  /**
   * Something a test needs is not on this machine (a program, the Docker engine, a base image):
   * the test is skipped on a developer's machine and fails under CI=true. Always throws; the
   * return type lets callers write {@code throw unavailable(...)}.
   */
  public static RuntimeException unavailable(String message) {
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(message);
    }
    assumeTrue(false, message);
    throw new IllegalStateException("unreachable");
  }

  /** Runs a command in a directory with extra environment; output (stdout and stderr) and exit code. */
  public static Result run(Path dir, long timeoutSeconds, Map<String, String> env, List<String> command) {
    try {
      Path log = Files.createTempFile("ansible-tool-", ".log");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(process.exitValue(), Files.readString(log));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public record Result(int exitCode, String output) {}
}
