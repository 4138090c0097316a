package io.deploymcp.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The launcher run as a user runs it ({@code java -jar local/target/local-stack.jar}) with a
 * given environment. Keeps its output for assertions and copies it to a log file under target/.
 */
final class LauncherProcess implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private LauncherProcess(Process process, Path log) throws IOException {
    this.process = process;
    PrintWriter file = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
    Thread reader = new Thread(() -> {
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
          file.println(line);
        }
      } catch (IOException ignored) {
        // Process gone.
      } finally {
        file.close();
      }
    }, "launcher-output");
    reader.setDaemon(true);
    reader.start();
  }

  static LauncherProcess start(Map<String, String> env, Path log) throws IOException {
    Path jar = Path.of(System.getProperty("launcher.jar", "target/local-stack.jar"));
    String java = ProcessHandle.current().info().command().orElseThrow();
    ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString()).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(env);
    return new LauncherProcess(builder.start(), log);
  }

  /** Waits for a line; fails with the output so far if the launcher exits or time runs out. */
  String awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    while (System.nanoTime() < deadline) {
      for (; seen < lines.size(); seen++) {
        if (wanted.test(lines.get(seen))) {
          return lines.get(seen);
        }
      }
      if (!process.isAlive() && seen >= lines.size()) {
        Thread.sleep(200); // let the reader drain
        if (seen >= lines.size()) {
          throw new AssertionError("launcher exited (" + process.exitValue() + ") before the line; output:\n" + output());
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("line not seen within " + timeout + "; output:\n" + output());
  }

  /** Waits for the launcher to exit and returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("launcher still running after " + timeout + "; output:\n" + output());
    }
    Thread.sleep(200); // let the reader drain
    return process.exitValue();
  }

  /** SIGTERM, as `kill <pid>` or a service manager would send. */
  void terminate() {
    // Through the handle: Process.destroy() would also close our end of its output.
    process.toHandle().destroy();
  }

  /** SIGKILL of the launcher alone, as the OOM killer or `kill -9 <pid>` would: its children stay. */
  void kill9() {
    process.toHandle().destroyForcibly();
  }

  List<ProcessHandle> descendants() {
    return process.descendants().toList();
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  /** Lines the launcher printed itself (not copied from the API or worker). */
  List<String> ownLines() {
    return lines.stream().filter(l -> !l.startsWith("[api] ") && !l.startsWith("[worker] ")).toList();
  }

  String output() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
