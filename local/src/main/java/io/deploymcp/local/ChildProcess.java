package io.deploymcp.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The API or the worker, run as {@code java [options] -jar <jar>} with the launcher's own java
 * binary. Its stdout and stderr are copied to the console line by line with a {@code [name]}
 * prefix; the first line matching {@code startedLine} marks the moment it reported itself started.
 */
final class ChildProcess {
  private final String name;
  private final Process process;
  private final long spawnedAt;
  private final CompletableFuture<Duration> started = new CompletableFuture<>();

  private ChildProcess(String name, Process process, long spawnedAt) {
    this.name = name;
    this.process = process;
    this.spawnedAt = spawnedAt;
  }

  static ChildProcess start(
      String name,
      String javaBinary,
      List<String> javaOptions,
      Path jar,
      Map<String, String> env,
      Pattern startedLine,
      Console console) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary);
    command.addAll(javaOptions);
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(env);
    long spawnedAt = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new StartupException("cannot start the " + name + " (" + e.getMessage() + ")", "check that " + javaBinary + " runs", e);
    }
    ChildProcess child = new ChildProcess(name, process, spawnedAt);
    Thread copier = new Thread(() -> child.copyOutput(startedLine, console), name + "-output");
    copier.setDaemon(true);
    copier.start();
    return child;
  }

  private void copyOutput(Pattern startedLine, Console console) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        console.child(name, line);
        if (!started.isDone() && startedLine.matcher(line).find()) {
          started.complete(sinceSpawn());
        }
      }
    } catch (IOException e) {
      // The process ended while we read: its exit is reported by whoever waits on it.
    }
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Time from spawn until the child printed its "started" line. */
  CompletableFuture<Duration> started() {
    return started;
  }

  Duration sinceSpawn() {
    return Duration.ofNanos(System.nanoTime() - spawnedAt);
  }

  CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  int exitValue() {
    return process.exitValue();
  }

  /** SIGTERM, without closing our end of its output (so its shutdown lines still show). */
  void terminate() {
    process.toHandle().destroy();
  }

  /** SIGTERM, then SIGKILL if it has not exited within {@code grace}. Returns the exit code. */
  int stop(Duration grace) {
    terminate();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.toHandle().destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.toHandle().destroyForcibly();
    }
    return process.isAlive() ? -1 : process.exitValue();
  }
}
