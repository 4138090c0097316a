package io.deploymcp.ops.gc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the registry's own blob collection, e.g. {@code registry garbage-collect
 * /etc/docker/registry/config.yml} (never with {@code --delete-untagged}: images kept by digest
 * may be untagged). Started directly, without a shell; its output is passed on line by line.
 */
public final class BlobGcCommand {
  private final List<String> command;

  public BlobGcCommand(List<String> command) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("the blob GC command is empty");
    }
    if (command.stream().anyMatch(arg -> arg.equals("--delete-untagged") || arg.startsWith("--delete-untagged=") || arg.equals("-m"))) {
      throw new IllegalArgumentException("the blob GC command must not delete untagged manifests (--delete-untagged, -m):"
          + " images a deployment keeps by digest may be untagged");
    }
    this.command = List.copyOf(command);
  }

  public List<String> command() {
    return command;
  }

  /** @return the command's exit status; -1 when it could not be started */
  public int run(Consumer<String> output) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        lines.lines().forEach(output);
      }
      return process.waitFor();
    } catch (IOException e) {
      output.accept("cannot start " + command.getFirst() + ": " + e.getMessage());
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      output.accept("interrupted while " + command.getFirst() + " ran");
      return -1;
    }
  }
}
