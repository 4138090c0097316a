package io.deploymcp.buildkit.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.deploymcp.buildkit.BuildKitErrorCode;
import io.deploymcp.buildkit.connection.BuildKitAddress;
import io.deploymcp.buildkit.connection.BuildKitConnection;
import io.deploymcp.buildkit.proto.control.CacheOptions;
import io.deploymcp.buildkit.proto.control.CacheOptionsEntry;
import io.deploymcp.buildkit.proto.control.SolveRequest;
import io.deploymcp.buildkit.support.DockerCli;
import io.deploymcp.buildkit.support.EngineSocket;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dockerfile builds on the real Docker engine's built-in BuildKit (POST /grpc), with the
 * project's own session, file sync and secrets: what a deployment's build step does.
 */
class EngineImageBuilderTest {
  private static final String BASE = DockerCli.BASE_IMAGE;

  private static BuildKitConnection connection;
  private static ImageBuilder builder;
  private static final List<String> images = new ArrayList<>();

  @TempDir Path context;

  /** Makes each build's steps new to the daemon, so a rerun of the suite does not hit the cache. */
  private final String nonce = UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void connect() {
    connection = BuildKitConnection.open(new BuildKitAddress.DockerEngine(EngineSocket.require()));
    DockerCli.requireBaseImage();
    builder = new ImageBuilder(connection);
  }

  @AfterAll
  static void disconnect() {
    DockerCli.removeImages(images.toArray(String[]::new));
    if (connection != null) {
      connection.close();
    }
  }

  @Test
  void buildsTheSyncedContextIntoAnEngineImage() throws Exception {
    write("app.txt", "hello from the context " + nonce + "\n");
    write("bin/run.sh", "#!/bin/sh\necho running\n");
    Files.setPosixFilePermissions(context.resolve("bin/run.sh"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    write("Dockerfile", "FROM " + BASE + "\n"
        + "COPY app.txt /srv/app.txt\n"
        + "COPY bin/ /srv/bin/\n"
        + "RUN cat /srv/app.txt && /srv/bin/run.sh\n"
        + "RUN --mount=type=cache,target=/cache echo " + nonce + " > /cache/x && ls /cache\n");
    String name = image("app");
    Log log = new Log();

    BuildResult result = builder.build(request(name).build(), log);

    assertThat(log.lines()).contains("#1 [internal] load build definition from Dockerfile")
        .anySatisfy(line -> assertThat(line).matches("#\\d+ hello from the context " + nonce))
        .anySatisfy(line -> assertThat(line).matches("#\\d+ running"))
        .anySatisfy(line -> assertThat(line).matches("#\\d+ x"))
        .anySatisfy(line -> assertThat(line).matches("#\\d+ DONE \\d+\\.\\ds"));
    assertThat(log.statuses).isNotEmpty();
    assertThat(result.imageDigest()).hasValueSatisfying(d -> assertThat(d).startsWith("sha256:"));
    // moby reports the engine's image id (config digest), not a registry manifest digest.
    assertThat(DockerCli.text("image", "inspect", "--format", "{{.Id}}", name)).isEqualTo(result.imageDigest().get());
    assertThat(DockerCli.text("run", "--rm", "--network", "none", name, "cat", "/srv/app.txt"))
        .isEqualTo("hello from the context " + nonce);
    assertThat(result.transfer("context").filesRequested()).isEqualTo(2);
  }

  @Test
  void readsADockerfileFromItsOwnDirectoryAndPassesBuildArgs(@TempDir Path dockerfiles) throws Exception {
    write("app.txt", "app\n");
    Path dockerfile = dockerfiles.resolve("deploy/web.Dockerfile");
    Files.createDirectories(dockerfile.getParent());
    Files.writeString(dockerfile, "FROM " + BASE + "\nARG GREETING\nCOPY app.txt /app.txt\n"
        + "RUN echo \"$GREETING " + nonce + "\" && cat /app.txt\n");
    Log log = new Log();

    BuildResult result = builder.build(request(image("dockerfile-dir")).dockerfile(dockerfiles, "deploy/web.Dockerfile")
        .buildArg("GREETING", "hello-arg").build(), log);

    assertThat(log.lines()).contains("#1 [internal] load build definition from deploy/web.Dockerfile")
        .anySatisfy(line -> assertThat(line).matches("#\\d+ hello-arg " + nonce));
    assertThat(result.transfer("dockerfile").filesRequested()).isEqualTo(1);
    assertThat(result.transfer("context").filesRequested()).isEqualTo(1);
  }

  @Test
  void aSecretIsReadableInARunStepAndLeavesNoTraceInTheImage() throws Exception {
    String secret = "tok-" + UUID.randomUUID();
    write("Dockerfile", "FROM " + BASE + "\n"
        + "RUN --mount=type=secret,id=api_token echo " + nonce + " && busybox sha256sum /run/secrets/api_token"
        + " && test \"$(cat /run/secrets/api_token)\" != '' && echo secret-was-readable\n"
        + "RUN ls /run/secrets 2>&1 || echo no-secrets-dir\n");
    String name = image("secret");
    Log log = new Log();

    BuildResult result = builder.build(request(name).secret("api_token", secret.getBytes(StandardCharsets.UTF_8)).build(), log);

    assertThat(log.lines())
        .anySatisfy(line -> assertThat(line).contains(sha256(secret) + "  /run/secrets/api_token"))
        .anySatisfy(line -> assertThat(line).matches("#\\d+ secret-was-readable"))
        .noneSatisfy(line -> assertThat(line).contains(secret));
    assertThat(result.imageDigest()).isPresent();
    String history = DockerCli.text("history", "--no-trunc", name);
    String inspect = DockerCli.text("image", "inspect", name);
    byte[] saved = DockerCli.run("save", name);
    assertThat(history).contains("api_token").doesNotContain(secret);
    assertThat(inspect).doesNotContain(secret);
    assertThat(new String(saved, StandardCharsets.ISO_8859_1)).doesNotContain(secret);

    // The value is not part of any cache key: a new value keeps the cache (and the old output).
    Log rotated = new Log();
    builder.build(request(name).secret("api_token", "rotated-value".getBytes(StandardCharsets.UTF_8)).build(), rotated);
    assertThat(rotated.lines()).anySatisfy(line -> assertThat(line).matches("#\\d+ CACHED"))
        .noneSatisfy(line -> assertThat(line).matches("#\\d+ secret-was-readable"));
  }

  @Test
  void theDockerignoreOfTheContextKeepsFilesOutOfTheBuild() throws Exception {
    write(".dockerignore", "*.log\nsecrets/\n!secrets/public.txt\n**/node_modules\n");
    write("app.js", "console.log(1)\n");
    write("debug.log", "noise\n");
    write("secrets/private.key", "do not send\n".repeat(1000));
    write("secrets/public.txt", "fine\n");
    write("web/node_modules/dep/index.js", "dep\n");
    write("Dockerfile", "FROM " + BASE + "\nCOPY . /ctx/\nRUN echo " + nonce + " && cd /ctx && busybox find . -type f | busybox sort\n");
    Log log = new Log();

    BuildResult result = builder.build(request(image("ignore")).build(), log);

    List<String> files = log.received.stream().filter(l -> l.kind() == BuildLogLine.Kind.STDOUT)
        .map(BuildLogLine::text).filter(t -> t.startsWith("./")).toList();
    assertThat(files).containsExactly("./.dockerignore", "./Dockerfile", "./app.js", "./secrets/public.txt");
    // Excluded by the sender: the 12 kB key never left this machine.
    assertThat(result.transfer("context").bytesSent()).isLessThan(1000);
  }

  @Test
  void aFailingRunStepIsBuildStepFailedWithItsOutput() throws Exception {
    write("Dockerfile", "FROM " + BASE + "\nRUN echo preparing && echo 'npm ERR! missing script: build' >&2 && exit 3\n");

    BuildFailedException failure = failure(request(image("fails")).build());

    assertThat(failure.code()).isEqualTo(BuildKitErrorCode.BUILD_STEP_FAILED);
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.failedStep()).hasValue("[2/2] RUN echo preparing && echo 'npm ERR! missing script: build' >&2 && exit 3");
    assertThat(failure.logTail()).contains("preparing", "npm ERR! missing script: build");
    assertThat(failure.getMessage()).contains("exit code: 3");
  }

  @Test
  void aMissingBaseImageIsBaseImageNotFound() throws Exception {
    write("Dockerfile", "FROM 127.0.0.1:5000/base/does-not-exist:1\nRUN true\n");

    BuildFailedException failure = failure(request(image("nobase")).build());

    assertThat(failure.code()).isEqualTo(BuildKitErrorCode.BASE_IMAGE_NOT_FOUND);
    assertThat(failure.getMessage()).contains("127.0.0.1:5000/base/does-not-exist:1", "not found");
    assertThat(failure.hint()).contains("FROM");
  }

  @Test
  void aDockerfileSyntaxErrorIsDockerfileInvalid() throws Exception {
    write("Dockerfile", "FROM " + BASE + "\nRUNN echo typo\n");

    BuildFailedException failure = failure(request(image("syntax")).build());

    assertThat(failure.code()).isEqualTo(BuildKitErrorCode.DOCKERFILE_INVALID);
    assertThat(failure.getMessage()).contains("line 2", "unknown instruction");
  }

  @Test
  void aDockerfileTheDaemonCannotSeeIsDockerfileNotFound() throws Exception {
    // The link resolves here but points outside the synced directory, so the daemon's copy has no file.
    Path outside = Files.writeString(Files.createTempFile("Dockerfile", ""), "FROM " + BASE + "\n");
    try {
      Files.createSymbolicLink(context.resolve("Dockerfile"), outside);

      BuildFailedException failure = failure(request(image("nofile")).build());

      assertThat(failure.code()).isEqualTo(BuildKitErrorCode.DOCKERFILE_NOT_FOUND);
      assertThat(failure.getMessage()).contains("failed to read dockerfile");
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void cancellingStopsALongRunStepPromptly() throws Exception {
    String marker = "started-" + UUID.randomUUID();
    write("Dockerfile", "FROM " + BASE + "\nRUN echo " + marker + " && sleep 60\n");
    CountDownLatch running = new CountDownLatch(1);
    BuildHandle handle = builder.start(request(image("cancel")).build(), line -> {
      if (line.text().equals(marker)) {
        running.countDown();
      }
    });
    assertThat(running.await(30, TimeUnit.SECONDS)).as("the RUN step started").isTrue();
    assertThat(handle.status()).contains("RUN echo " + marker);

    long start = System.nanoTime();
    handle.cancel();
    BuildFailedException failure = catchThrowableOfType(BuildFailedException.class, handle::await);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(failure.code()).isEqualTo(BuildKitErrorCode.BUILD_CANCELLED);
    assertThat(took).isLessThan(Duration.ofSeconds(10));
    // The daemon killed the step's process, not just our side of the call.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (processWithMarker(marker) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(processWithMarker(marker)).as("sleep 60 still running after cancel").isFalse();
  }

  @Test
  void aRebuildHitsTheCacheAndAOneFileChangeSendsOnlyThatFile() throws Exception {
    for (int i = 0; i < 5; i++) {
      write("src/file" + i + ".txt", "content " + i + " " + nonce + "\n");
    }
    write("Dockerfile", "FROM " + BASE + "\nCOPY src/ /src/\nRUN cat /src/file3.txt\n");
    String syncKey = "cache-test-" + UUID.randomUUID();
    BuildRequest request = request(image("cache")).syncKey(syncKey).build();

    BuildResult first = builder.build(request, BuildProgressListener.NONE);
    Log second = new Log();
    BuildResult again = builder.build(request, second);
    write("src/file3.txt", "changed " + nonce + "\n");
    Log third = new Log();
    BuildResult changed = builder.build(request, third);

    assertThat(first.transfer("context").filesRequested()).isEqualTo(5);
    assertThat(again.transfer("context").filesRequested()).isZero();
    assertThat(second.lines()).anySatisfy(line -> assertThat(line).matches("#\\d+ CACHED"));
    assertThat(again.cachedSteps()).isGreaterThanOrEqualTo(2);
    assertThat(again.imageDigest()).isEqualTo(first.imageDigest());
    assertThat(changed.transfer("context").filesRequested()).isEqualTo(1);
    assertThat(third.lines()).anySatisfy(line -> assertThat(line).matches("#\\d+ changed " + nonce));
  }

  @Test
  void theEnginesBuildKitHasNoRegistryCacheExporter() {
    // Raw Solve: the request type refuses this combination before it reaches a daemon.
    SolveRequest solve = SolveRequest.newBuilder()
        .setRef(UUID.randomUUID().toString())
        .setCache(CacheOptions.newBuilder().addExports(CacheOptionsEntry.newBuilder()
            .setType("registry").putAttrs("ref", "127.0.0.1:5000/cache/x:latest").putAttrs("mode", "max")))
        .build();

    assertThatThrownBy(() -> connection.control().withDeadlineAfter(30, TimeUnit.SECONDS).solve(solve))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("unknown cache exporter");
    assertThatThrownBy(() -> request(image("x")).cacheExport("127.0.0.1:5000/cache/x:latest").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot export registry cache");
  }

  private BuildRequest.Builder request(String name) {
    return BuildRequest.builder(context, new ImageExport.MobyExport(List.of(name)));
  }

  private static BuildFailedException failure(BuildRequest request) {
    Log log = new Log();
    BuildFailedException failure = catchThrowableOfType(BuildFailedException.class, () -> builder.build(request, log));
    assertThat(failure).as("the build should have failed").isNotNull();
    assertThat(log.lines()).last().asString().startsWith("ERROR: ");
    return failure;
  }

  private static String image(String purpose) {
    String name = "127.0.0.1:5000/dp-test/buildkit-" + purpose + ":" + UUID.randomUUID().toString().substring(0, 8);
    images.add(name);
    return name;
  }

  private void write(String relative, String content) throws Exception {
    Path file = context.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private static String sha256(String value) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
  }

  private static boolean processWithMarker(String marker) throws Exception {
    try (var procs = Files.list(Path.of("/proc"))) {
      return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .anyMatch(p -> {
            try {
              return new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).contains(marker);
            } catch (Exception gone) {
              return false;
            }
          });
    }
  }

  /** Collects the build log as formatted lines, and the heartbeat strings. */
  static final class Log implements BuildProgressListener {
    final List<BuildLogLine> received = new CopyOnWriteArrayList<>();
    final List<String> statuses = new CopyOnWriteArrayList<>();

    @Override
    public void onLine(BuildLogLine line) {
      received.add(line);
    }

    @Override
    public void onStatus(String status) {
      statuses.add(status);
    }

    List<String> lines() {
      return received.stream().map(BuildLogLine::format).toList();
    }
  }
}
