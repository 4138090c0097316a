package io.deploymcp.api.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One process of the packaged API ({@code target/quarkus-app/quarkus-run.jar}, what the image
 * runs), configured by environment variables as in production, its output in
 * {@code target/replicas/<name>.log}.
 */
public final class ApiProcess implements AutoCloseable {
  private final String name;
  private final int port;
  private final Process process;
  private final Path log;

  private ApiProcess(String name, int port, Process process, Path log) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  public static ApiProcess start(String name, Map<String, String> env) throws IOException {
    String jar = System.getProperty("deploymcp.api.jar", "target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(jar + " is missing: run the package phase first (./mvnw verify -pl api)");
    }
    Path logs = Path.of(System.getProperty("deploymcp.test.logs", "target/replicas"));
    Files.createDirectories(logs);
    Path log = logs.resolve(name + ".log");
    int port = freePort();
    // This machine has no DNS that answers, and the API refuses a repo host that does not
    // resolve: the child reads the JDK's hosts file instead, with the answers TestDns gives.
    Path hosts = logs.resolve("hosts");
    Files.writeString(hosts, "127.0.0.1 localhost\n::1 localhost\n140.82.121.4 github.com\n");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Djdk.net.hosts.file=" + hosts.toAbsolutePath(), "-jar", jar));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    builder.environment().put("DP_API_PORT", Integer.toString(port));
    return new ApiProcess(name, port, builder.start(), log);
  }

  public int port() {
    return port;
  }

  /** Waits until /q/health/ready answers 200. */
  public void awaitReady(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited; see " + log);
      }
      try {
        HttpResponse<Void> r = http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " not ready within " + timeout + "; see " + log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
