package io.deploymcp.crash.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One packaged jar (the API's quarkus-run.jar or worker.jar) run as its own operating-system
 * process, configured by environment variables as in production. {@link #kill9()} is a real
 * SIGKILL: no shutdown hook, no drain, sockets closed by the kernel. Output goes to a log file
 * (appended across restarts of the same name) and is kept for {@link #awaitLine}.
 */
public final class ChildJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final long startedNanos = System.nanoTime();

  private ChildJvm(String name, Process process, Path log) throws IOException {
    this.name = name;
    this.process = process;
    PrintWriter file =
        new PrintWriter(
            Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
            true);
    file.println("===== " + name + " pid " + process.pid() + " started " + java.time.Instant.now());
    Thread reader =
        Thread.ofPlatform()
            .daemon()
            .name(name + "-output")
            .start(
                () -> {
                  try (BufferedReader in =
                      new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                      lines.add(line);
                      file.println(line);
                    }
                  } catch (IOException gone) {
                    // the process is gone
                  } finally {
                    file.println("===== " + name + " pid " + process.pid() + " output ended " + java.time.Instant.now());
                    file.close();
                  }
                });
  }

  /** Starts {@code java -jar jar} with small-machine JVM options and exactly {@code env}. */
  public static ChildJvm start(String name, Path jar, Map<String, String> env, Path logDir) throws IOException {
    Files.createDirectories(logDir);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // As bin/local-stack runs its children (local/JavaOptions): a fast start on two busy cores.
    command.addAll(List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8"));
    int feature = Runtime.version().feature();
    if (feature >= 22) {
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    if (feature >= 23) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().put("HOME", System.getProperty("java.io.tmpdir"));
    builder.environment().putAll(env);
    return new ChildJvm(name, builder.start(), logDir.resolve(name + ".log"));
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for an output line; fails with the tail of the output if the process exits or time runs out. */
  public String awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    while (System.nanoTime() < deadline) {
      for (; seen < lines.size(); seen++) {
        if (wanted.test(lines.get(seen))) {
          return lines.get(seen);
        }
      }
      if (!process.isAlive()) {
        Thread.sleep(200);
        if (seen >= lines.size()) {
          throw new AssertionError(name + " exited (" + process.exitValue() + ") before the line; output:\n" + tail());
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError(name + ": line not seen within " + timeout + "; output:\n" + tail());
  }

  /** Seconds since this process was started. */
  public double uptimeSeconds() {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  public String tail() {
    List<String> all = lines();
    return String.join("\n", all.subList(Math.max(0, all.size() - 60), all.size()));
  }

  /** SIGKILL, as the OOM killer or {@code kill -9} sends it; returns once the process is gone. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " (pid " + pid() + ") survived SIGKILL for 10 s");
    }
  }

  /** SIGTERM and a bounded wait, then SIGKILL. */
  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      kill9();
    }
  }
}
