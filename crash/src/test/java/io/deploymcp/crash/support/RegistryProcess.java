package io.deploymcp.crash.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A registry of the suites' own: Debian's docker-registry (distribution v2) on a loopback port
 * of its own, storage on disk, so it can be killed and started again mid-push without touching
 * the shared one on 127.0.0.1:5000.
 */
public final class RegistryProcess implements AutoCloseable {
  private final Path dir;
  private final int port;
  private Process process;

  public RegistryProcess(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.port = FreePorts.next();
    Files.writeString(dir.resolve("config.yml"), """
        version: 0.1
        log:
          level: warn
        storage:
          filesystem:
            rootdirectory: %s
        http:
          addr: 127.0.0.1:%d
        """.formatted(dir.resolve("data"), port));
  }

  public String host() {
    return "127.0.0.1:" + port;
  }

  public void start() throws Exception {
    process = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("registry.log").toFile()))
        .start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/")).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(100);
    }
    throw new AssertionError("docker-registry did not answer on " + host() + "; see " + dir.resolve("registry.log"));
  }

  /** SIGKILL: a registry that crashes mid-request. */
  public void kill9() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill9();
  }
}
