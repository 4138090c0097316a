package io.deploymcp.buildkit.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.deploymcp.buildkit.BuildKitErrorCode;
import io.deploymcp.buildkit.connection.BuildKitAddress;
import io.deploymcp.buildkit.connection.BuildKitConnection;
import io.deploymcp.buildkit.proto.control.SolveRequest;
import io.deploymcp.buildkit.proto.control.SolveResponse;
import io.deploymcp.buildkit.proto.control.StatusResponse;
import io.deploymcp.buildkit.proto.control.Vertex;
import io.deploymcp.buildkit.proto.control.VertexLog;
import io.deploymcp.buildkit.proto.secrets.GetSecretRequest;
import io.deploymcp.buildkit.proto.secrets.SecretsGrpc;
import io.deploymcp.buildkit.support.DiffCopyReceiver;
import io.deploymcp.buildkit.support.FakeBuildKit;
import io.deploymcp.buildkit.support.FakeControl;
import io.deploymcp.buildkit.support.FakeDaemonSession;
import io.grpc.Context;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build client against a scripted stand-in daemon (FakeControl, a real grpc-java server on
 * a unix socket) for what the real engine cannot be made to do on demand: broken streams, a
 * session that ends mid-build, a Status stream that never ends, a Solve that never answers.
 */
class FakeDaemonImageBuilderTest {
  private static final Duration DRAIN = Duration.ofMillis(300);

  @TempDir Path dir;

  private Path context;
  private FakeControl daemon;
  private FakeBuildKit server;
  private BuildKitConnection connection;
  private ImageBuilder builder;

  @BeforeEach
  void start() throws Exception {
    context = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(context.resolve("Dockerfile"), "FROM 127.0.0.1:5000/base/busybox:1\n");
    Files.writeString(context.resolve("app.txt"), "app\n");
    daemon = new FakeControl();
    Path socket = dir.resolve("buildkitd.sock");
    server = FakeBuildKit.onUnixSocket(socket, daemon.definition());
    connection = BuildKitConnection.open(new BuildKitAddress.Unix(socket));
    builder = new ImageBuilder(connection, Clock.systemUTC(), DRAIN);
  }

  @AfterEach
  void stop() throws Exception {
    connection.close();
    server.close();
    daemon.shutdown();
  }

  @Test
  void sendsTheDockerfileFrontendRequestAndReadsContextAndSecretsThroughTheSession() throws Exception {
    CompletableFuture<DiffCopyReceiver.Result> synced = new CompletableFuture<>();
    CompletableFuture<byte[]> secret = new CompletableFuture<>();
    daemon.solve = (request, response, fake) -> {
      FakeDaemonSession session = fake.awaitSession();
      synced.complete(DiffCopyReceiver.receive(session.channel(), Map.of("dir-name", List.of("context")), s -> true));
      secret.complete(SecretsGrpc.newBlockingStub(session.channel())
          .getSecret(GetSecretRequest.newBuilder().setID("npm_token").build()).getData().toByteArray());
      response.onNext(SolveResponse.newBuilder().putExporterResponse("containerimage.digest", "sha256:abc").build());
      response.onCompleted();
    };
    BuildRequest request = BuildRequest.builder(context, new ImageExport.MobyExport(List.of("reg:5000/a/b:1", "reg:5000/a/b:latest")))
        .buildArg("NODE_ENV", "production")
        .secret("npm_token", "npm-secret-value".getBytes(StandardCharsets.UTF_8))
        .frontendAttr("target", "runtime")
        .cacheImport("reg:5000/cache/b:latest")
        .build();

    BuildResult result = builder.build(request, BuildProgressListener.NONE);

    SolveRequest solve = daemon.awaitSolve();
    FakeDaemonSession session = daemon.sessions().getLast();
    assertThat(solve.getSession()).isEqualTo(session.header("x-docker-expose-session-uuid").getFirst());
    assertThat(solve.getRef()).isEqualTo(result.ref());
    assertThat(solve.getFrontend()).isEqualTo("dockerfile.v0");
    assertThat(solve.getFrontendAttrsMap()).containsExactlyInAnyOrderEntriesOf(
        Map.of("filename", "Dockerfile", "build-arg:NODE_ENV", "production", "target", "runtime"));
    assertThat(solve.getExporter()).isEqualTo("moby");
    assertThat(solve.getExporterAttrsMap()).containsExactlyEntriesOf(Map.of("name", "reg:5000/a/b:1,reg:5000/a/b:latest"));
    assertThat(solve.getExportersList()).isEmpty();
    assertThat(solve.getCache().getImportsList()).singleElement().satisfies(i -> {
      assertThat(i.getType()).isEqualTo("registry");
      assertThat(i.getAttrsMap()).containsExactlyEntriesOf(Map.of("ref", "reg:5000/cache/b:latest"));
    });
    assertThat(solve.getCache().getExportsList()).isEmpty();
    assertThat(solve.toString()).doesNotContain("npm-secret-value");
    assertThat(synced.get().paths()).containsExactly("Dockerfile", "app.txt");
    assertThat(new String(secret.get(), StandardCharsets.UTF_8)).isEqualTo("npm-secret-value");
    assertThat(result.imageDigest()).hasValue("sha256:abc");
    assertThat(result.transfer("context")).satisfies(t -> {
      assertThat(t.calls()).isEqualTo(1);
      assertThat(t.filesRequested()).isEqualTo(2);
    });
  }

  @Test
  void aRegistryExportPushesAndExportsMaxModeCache() throws Exception {
    daemon.solve = (request, response, fake) -> {
      response.onNext(SolveResponse.newBuilder().putExporterResponse("containerimage.digest", "sha256:manifest").build());
      response.onCompleted();
    };
    BuildRequest request = BuildRequest.builder(context, new ImageExport.RegistryExport("reg:5000/t/app:abc", true, true))
        .cacheImport("reg:5000/cache/app:latest").cacheExport("reg:5000/cache/app:latest").build();

    builder.build(request, BuildProgressListener.NONE);

    SolveRequest solve = daemon.awaitSolve();
    assertThat(solve.getExporter()).isEqualTo("image");
    assertThat(solve.getExporterAttrsMap()).containsExactlyInAnyOrderEntriesOf(
        Map.of("name", "reg:5000/t/app:abc", "push", "true", "registry.insecure", "true"));
    assertThat(solve.getCache().getExportsList()).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("registry");
      assertThat(e.getAttrsMap()).containsExactlyInAnyOrderEntriesOf(Map.of("ref", "reg:5000/cache/app:latest", "mode", "max"));
    });
  }

  @Test
  void progressFromStatusBecomesLogLinesAndASecretPrintedByAStepIsMasked() throws Exception {
    CountDownLatch statusSent = new CountDownLatch(1);
    daemon.status = (request, response, fake) -> {
      Timestamp t0 = Timestamp.newBuilder().setSeconds(1_700_000_000).build();
      Timestamp t1 = Timestamp.newBuilder().setSeconds(1_700_000_002).setNanos(500_000_000).build();
      response.onNext(StatusResponse.newBuilder()
          .addVertexes(Vertex.newBuilder().setDigest("sha256:v1").setName("[1/2] FROM base").setStarted(t0).setCompleted(t0).setCached(true))
          .addVertexes(Vertex.newBuilder().setDigest("sha256:v2").setName("[2/2] RUN npm ci").setStarted(t0))
          .addLogs(VertexLog.newBuilder().setVertex("sha256:v2").setStream(1).setMsg(ByteString.copyFromUtf8("added 12 packages\ntoken=npm-secret-value\npart")))
          .build());
      response.onNext(StatusResponse.newBuilder()
          .addLogs(VertexLog.newBuilder().setVertex("sha256:v2").setStream(2).setMsg(ByteString.copyFromUtf8("warn: deprecated\n")))
          .addLogs(VertexLog.newBuilder().setVertex("sha256:v2").setStream(1).setMsg(ByteString.copyFromUtf8("ial line\n")))
          .addVertexes(Vertex.newBuilder().setDigest("sha256:v2").setName("[2/2] RUN npm ci").setStarted(t0).setCompleted(t1))
          .build());
      statusSent.countDown();
      response.onCompleted();
    };
    daemon.solve = (request, response, fake) -> {
      statusSent.await(10, TimeUnit.SECONDS);
      response.onNext(SolveResponse.getDefaultInstance());
      response.onCompleted();
    };
    EngineImageBuilderTest.Log log = new EngineImageBuilderTest.Log();

    BuildResult result = builder.build(BuildRequest.builder(context, new ImageExport.MobyExport(List.of("reg:5000/a/b:1")))
        .secret("npm_token", "npm-secret-value".getBytes(StandardCharsets.UTF_8)).build(), log);

    assertThat(log.lines()).containsExactly(
        "#1 [1/2] FROM base",
        "#1 CACHED",
        "#2 [2/2] RUN npm ci",
        "#2 added 12 packages",
        "#2 token=****",
        "#2 warn: deprecated",
        "#2 partial line",
        "#2 DONE 2.5s");
    assertThat(log.received).filteredOn(l -> l.text().equals("warn: deprecated"))
        .singleElement().satisfies(l -> assertThat(l.kind()).isEqualTo(BuildLogLine.Kind.STDERR));
    assertThat(result.steps()).isEqualTo(2);
    assertThat(result.cachedSteps()).isEqualTo(1);
    assertThat(log.statuses).anySatisfy(s -> assertThat(s).startsWith("#2 [2/2] RUN npm ci (").endsWith("s); 1 step done, 1 cached"))
        .last().isEqualTo("2 steps done, 1 cached");
  }

  @Test
  void aStatusStreamThatNeverEndsDoesNotHoldBackAFinishedBuild() throws Exception {
    daemon.status = (request, response, fake) -> { /* never answers, never ends */ };
    daemon.solve = (request, response, fake) -> {
      response.onNext(SolveResponse.newBuilder().putExporterResponse("containerimage.digest", "sha256:x").build());
      response.onCompleted();
    };

    long start = System.nanoTime();
    BuildResult result = builder.build(mobyRequest(), BuildProgressListener.NONE);

    assertThat(result.imageDigest()).hasValue("sha256:x");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aBrokenStatusStreamDoesNotFailASuccessfulBuild() throws Exception {
    daemon.status = (request, response, fake) -> response.onError(Status.INTERNAL.withDescription("status exploded").asRuntimeException());
    daemon.solve = (request, response, fake) -> {
      response.onNext(SolveResponse.getDefaultInstance());
      response.onCompleted();
    };

    assertThat(builder.build(mobyRequest(), BuildProgressListener.NONE).imageDigest()).isEmpty();
  }

  @Test
  void aSolveStreamErrorIsUnreachableAndRetryable() {
    daemon.solve = (request, response, fake) ->
        response.onError(Status.UNAVAILABLE.withDescription("connection reset by peer").asRuntimeException());

    BuildFailedException failure = catchThrowableOfType(BuildFailedException.class,
        () -> builder.build(mobyRequest(), BuildProgressListener.NONE));

    assertThat(failure.code()).isEqualTo(BuildKitErrorCode.BUILDKIT_UNREACHABLE);
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.getMessage()).contains("UNAVAILABLE", "connection reset by peer");
  }

  @Test
  void aSolveTheDaemonGaveUpByItselfReachesTheCallerAsALostSession() {
    daemon.solve = (request, response, fake) ->
        response.onError(Status.UNKNOWN.withDescription("context canceled").asRuntimeException());

    BuildFailedException failure = catchThrowableOfType(BuildFailedException.class,
        () -> builder.start(mobyRequest(), BuildProgressListener.NONE).await());

    // The handle rethrows a fresh exception for the caller's stack: the mark must survive it.
    assertThat(failure.code()).isEqualTo(BuildKitErrorCode.BUILDKIT_UNREACHABLE);
    assertThat(failure.sessionLost()).isTrue();
  }

  @Test
  void aSessionThatEndsUnexpectedlyFailsTheBuildPromptly() throws Exception {
    CountDownLatch solveCancelled = new CountDownLatch(1);
    daemon.solve = (request, response, fake) -> {
      Context.current().addListener(c -> solveCancelled.countDown(), Runnable::run);
      fake.awaitSession().hangUp(); // unexpected EOF on the tunnel; Solve itself never answers
    };

    long start = System.nanoTime();
    BuildFailedException failure = catchThrowableOfType(BuildFailedException.class,
        () -> builder.build(mobyRequest(), BuildProgressListener.NONE));

    assertThat(failure.code()).isEqualTo(BuildKitErrorCode.BUILDKIT_UNREACHABLE);
    assertThat(failure.getMessage()).contains("build session ended");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(solveCancelled.await(5, TimeUnit.SECONDS)).as("the hanging Solve call was cancelled").isTrue();
  }

  @Test
  void aDaemonThatDiesMidBuildIsUnreachable() throws Exception {
    daemon.solve = (request, response, fake) -> {
      Thread.ofVirtual().start(() -> {
        try {
          server.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    };

    BuildFailedException failure = catchThrowableOfType(BuildFailedException.class,
        () -> builder.start(mobyRequest(), BuildProgressListener.NONE).await(Duration.ofSeconds(20)));

    assertThat(failure.code()).isEqualTo(BuildKitErrorCode.BUILDKIT_UNREACHABLE);
    assertThat(failure.retryable()).isTrue();
  }

  @Test
  void noDaemonAtAllIsUnreachable() throws Exception {
    connection.close();
    try (BuildKitConnection nowhere = BuildKitConnection.open(new BuildKitAddress.Unix(dir.resolve("absent.sock")))) {
      BuildFailedException failure = catchThrowableOfType(BuildFailedException.class,
          () -> new ImageBuilder(nowhere).build(mobyRequest(), BuildProgressListener.NONE));

      assertThat(failure.code()).isEqualTo(BuildKitErrorCode.BUILDKIT_UNREACHABLE);
    }
  }

  @Test
  void cancelCancelsTheSolveCallAndEndsTheSession() throws Exception {
    CountDownLatch solveCancelled = new CountDownLatch(1);
    CountDownLatch solving = new CountDownLatch(1);
    daemon.solve = (request, response, fake) -> {
      Context.current().addListener(c -> solveCancelled.countDown(), Runnable::run);
      solving.countDown();
    };
    BuildHandle handle = builder.start(mobyRequest(), BuildProgressListener.NONE);
    FakeDaemonSession session = daemon.awaitSession();
    assertThat(solving.await(10, TimeUnit.SECONDS)).isTrue();

    handle.cancel();

    BuildFailedException failure = catchThrowableOfType(BuildFailedException.class, handle::await);
    assertThat(failure.code()).isEqualTo(BuildKitErrorCode.BUILD_CANCELLED);
    assertThat(failure.retryable()).isFalse();
    assertThat(solveCancelled.await(5, TimeUnit.SECONDS)).as("the daemon saw the Solve cancelled").isTrue();
    assertThat(session.clientEnded().get(5, TimeUnit.SECONDS)).as("the session call ended").isNotNull();
    handle.cancel(); // idempotent once done
  }

  @Test
  void awaitWithALimitCancelsAndReportsATimeout() throws Exception {
    CountDownLatch solveCancelled = new CountDownLatch(1);
    daemon.solve = (request, response, fake) -> Context.current().addListener(c -> solveCancelled.countDown(), Runnable::run);

    BuildFailedException failure = catchThrowableOfType(BuildFailedException.class,
        () -> builder.start(mobyRequest(), BuildProgressListener.NONE).await(Duration.ofMillis(500)));

    assertThat(failure.code()).isEqualTo(BuildKitErrorCode.BUILD_TIMEOUT);
    assertThat(solveCancelled.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aSolveTheDaemonSaysNothingAboutGrowsSilentAndStopsAsStalled() throws Exception {
    CountDownLatch solveCancelled = new CountDownLatch(1);
    daemon.solve = (request, response, fake) -> Context.current().addListener(c -> solveCancelled.countDown(), Runnable::run);
    BuildHandle handle = builder.start(mobyRequest(), BuildProgressListener.NONE);

    Thread.sleep(600);
    assertThat(handle.silence()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    handle.stopStalled();

    BuildFailedException failure = catchThrowableOfType(BuildFailedException.class, handle::await);
    assertThat(failure.code()).isEqualTo(BuildKitErrorCode.BUILD_STALLED);
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.hint()).contains("print progress");
    assertThat(solveCancelled.await(5, TimeUnit.SECONDS)).as("the daemon saw the Solve cancelled").isTrue();
  }

  @Test
  void aMissingDockerfileFailsWithoutAskingTheDaemon() throws Exception {
    Files.delete(context.resolve("Dockerfile"));

    BuildFailedException failure = catchThrowableOfType(BuildFailedException.class,
        () -> builder.build(mobyRequest(), BuildProgressListener.NONE));

    assertThat(failure.code()).isEqualTo(BuildKitErrorCode.DOCKERFILE_NOT_FOUND);
    assertThat(failure.getMessage()).contains("'Dockerfile'");
  }

  private BuildRequest mobyRequest() {
    return BuildRequest.builder(context, new ImageExport.MobyExport(List.of("reg:5000/a/b:1"))).build();
  }
}
