package io.deploymcp.ops.gc.support;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A registry of the test's own: Debian's {@code docker-registry} (distribution 2.8) serving a
 * temporary storage directory on a free 127.0.0.1 port, deletes enabled and no blob descriptor
 * cache (as infra/k8s/10-registry.yml runs it). Destructive tests use this one, never the shared
 * registry on 127.0.0.1:5000. Without the binary the test is skipped, or fails under CI=true.
 */
public final class LoopbackRegistry implements AutoCloseable {
  private final Path binary;
  private final Path root;
  private final Path config;
  private final String host;
  private final Process process;

  private LoopbackRegistry(Path binary, Path root, Path config, String host, Process process) {
    this.binary = binary;
    this.root = root;
    this.config = config;
    this.host = host;
    this.process = process;
  }

  public static LoopbackRegistry start() {
    Path binary = Stream.of("/usr/bin/docker-registry", "/usr/local/bin/docker-registry")
        .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    if (binary == null) {
      String message = "no docker-registry binary (Debian package docker-registry): the registry GC tests need one of their own";
      if ("true".equalsIgnoreCase(System.getenv("CI")) || "true".equalsIgnoreCase(System.getenv("DP_REQUIRE_BUILDKIT"))) {
        fail(message);
      }
      abort(message);
    }
    try {
      Path root = Files.createTempDirectory("dp-gc-registry-");
      Path storage = Files.createDirectory(root.resolve("storage"));
      int port = freePort();
      String host = "127.0.0.1:" + port;
      Path config = root.resolve("config.yml");
      Files.writeString(config, """
          version: 0.1
          log:
            level: warn
          storage:
            filesystem:
              rootdirectory: %s
            delete:
              enabled: true
          http:
            addr: %s
          """.formatted(storage, host), StandardCharsets.UTF_8);
      Process process = new ProcessBuilder(binary.toString(), "serve", config.toString())
          .redirectErrorStream(true)
          .redirectOutput(root.resolve("registry.log").toFile())
          .start();
      LoopbackRegistry registry = new LoopbackRegistry(binary, storage, config, host, process);
      registry.awaitReady();
      return registry;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** host:port, e.g. for REGISTRY_HOST. */
  public String host() {
    return host;
  }

  /** The storage directory (REGISTRY_STORAGE_ROOT). */
  public Path storageRoot() {
    return root;
  }

  /** {@code docker-registry garbage-collect <config>}: what the CronJob's second container runs. */
  public List<String> garbageCollect() {
    return List.of(binary.toString(), "garbage-collect", config.toString());
  }

  /** Whether the blob store still holds this blob's data. */
  public boolean hasBlobData(String digest) {
    String hex = digest.substring("sha256:".length());
    return Files.exists(root.resolve("docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data"));
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("docker-registry exited; see " + root.getParent().resolve("registry.log"));
      }
      try {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/"))
            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("docker-registry on " + host + " not ready within 15 s");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(root.getParent())) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is not worth failing a test for
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
