package io.deploymcp.buildkit.build;

import io.deploymcp.buildkit.BuildKitErrorCode;
import io.deploymcp.buildkit.connection.BuildKitConnection;
import io.deploymcp.buildkit.filesync.FileSyncServer;
import io.deploymcp.buildkit.proto.control.CacheOptions;
import io.deploymcp.buildkit.proto.control.CacheOptionsEntry;
import io.deploymcp.buildkit.proto.control.ControlGrpc;
import io.deploymcp.buildkit.proto.control.SolveRequest;
import io.deploymcp.buildkit.proto.control.SolveResponse;
import io.deploymcp.buildkit.proto.control.StatusRequest;
import io.deploymcp.buildkit.proto.control.StatusResponse;
import io.deploymcp.buildkit.session.BuildSession;
import io.deploymcp.buildkit.session.SecretsServer;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds an image from a Dockerfile with BuildKit's {@code dockerfile.v0} frontend: opens a
 * session serving the {@code context} and {@code dockerfile} directories and the secrets, runs
 * {@code Solve} and {@code Status} side by side under the same ref, reports progress, and
 * classifies failures ({@link BuildFailedException}). One instance per connection; builds may
 * run concurrently.
 */
public final class ImageBuilder {
  static final String FRONTEND = "dockerfile.v0";
  /** How long the Status stream may lag behind a finished Solve before we stop reading it. */
  static final Duration STATUS_DRAIN = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(ImageBuilder.class);

  private final BuildKitConnection connection;
  private final Clock clock;
  private final Duration statusDrain;

  public ImageBuilder(BuildKitConnection connection) {
    this(connection, Clock.systemUTC(), STATUS_DRAIN);
  }

  ImageBuilder(BuildKitConnection connection, Clock clock, Duration statusDrain) {
    this.connection = connection;
    this.clock = clock;
    this.statusDrain = statusDrain;
  }

  /** Builds and waits; the same as {@code start(request, listener).await()}. */
  public BuildResult build(BuildRequest request, BuildProgressListener listener) {
    return start(request, listener).await();
  }

  /**
   * Starts a build and returns at once. Failures, including an unreachable daemon, surface from
   * {@link BuildHandle#await()}.
   *
   * @throws IllegalArgumentException when the context or dockerfile directory does not exist
   */
  public BuildHandle start(BuildRequest request, BuildProgressListener listener) {
    requireDirectory(request.contextDir(), "contextDir");
    requireDirectory(request.dockerfileDir(), "dockerfileDir");
    String ref = UUID.randomUUID().toString().replace("-", "");
    SecretMasker masker = new SecretMasker(request.secrets().values());
    BuildProgress progress = new BuildProgress(listener, masker, clock);
    BuildHandle handle = new BuildHandle(ref, progress);
    FailureClassifier classifier = new FailureClassifier(masker);

    Optional<BuildFailedException> missing = dockerfileMissing(request);
    if (missing.isPresent()) {
      progress.buildError(missing.get().getMessage());
      handle.fail(missing.get());
      return handle;
    }

    FileSyncServer fileSync = new FileSyncServer(
        Map.of("context", request.contextDir(), "dockerfile", request.dockerfileDir()),
        Thread.ofVirtual().name("buildkit-filesync-", 0).factory());
    BuildSession session;
    try {
      session = BuildSession.open(connection.controlAsync(), sessionName(request), syncKey(request),
          List.of(fileSync.service(), new SecretsServer(request.secrets()).bindService()));
    } catch (IllegalStateException e) {
      handle.fail(classifier.unreachable("could not open a build session: " + e.getMessage(), e));
      return handle;
    }

    Context.CancellableContext calls = Context.current().withCancellation();
    CompletableFuture<SolveResponse> solve = new CompletableFuture<>();
    CompletableFuture<Void> status = new CompletableFuture<>();
    SolveRequest solveRequest = solveRequest(ref, session.id(), request);
    Instant started = clock.instant();
    calls.run(() -> {
      ControlGrpc.ControlStub control = connection.controlAsync();
      control.status(StatusRequest.newBuilder().setRef(ref).build(), new StatusReader(progress, status));
      control.solve(solveRequest, new SolveReader(solve));
    });
    // The daemon never ends a session by itself: a tunnel that breaks mid-build means the
    // daemon or the connection went away, and the Solve may never answer.
    session.ended().thenAccept(end -> {
      if (end.getCode() != Status.Code.CANCELLED) {
        solve.completeExceptionally(new SessionBroken(end));
      }
    });
    handle.onCancel(() -> calls.cancel(new CancellationException("build cancelled by the caller")));

    Thread.ofVirtual().name("buildkit-build-" + ref).start(() -> {
      try {
        SolveResponse response = solve.get();
        drain(status);
        Map<String, String> exporterResponse = response.getExporterResponseMap();
        handle.complete(new BuildResult(ref, exporterResponse,
            Optional.ofNullable(exporterResponse.get("containerimage.digest")),
            progress.stepCount(), progress.cachedCount(), fileSync.transfers(),
            Duration.between(started, clock.instant())));
      } catch (ExecutionException e) {
        if (handle.stopReason() == null) {
          drain(status);
        }
        BuildFailedException failure = classifier.classify(e.getCause(), handle.stopReason(), progress.failedSteps());
        progress.buildError(failure.getMessage());
        handle.fail(failure);
      } catch (InterruptedException e) {
        handle.fail(classifier.unreachable("the build's waiting thread was interrupted", e));
      } catch (RuntimeException e) {
        log.warn("build {} failed unexpectedly", ref, e);
        handle.fail(new BuildFailedException(BuildKitErrorCode.BUILD_FAILED, "build " + ref + " failed: " + e,
            "This is a bug in the build client; the log has details.", null, List.of(), e));
      } finally {
        progress.flush();
        calls.cancel(null);
        session.close();
      }
    });
    return handle;
  }

  static SolveRequest solveRequest(String ref, String sessionId, BuildRequest request) {
    SolveRequest.Builder solve = SolveRequest.newBuilder()
        .setRef(ref)
        .setSession(sessionId)
        .setFrontend(FRONTEND)
        .putFrontendAttrs("filename", request.dockerfileName())
        .putAllFrontendAttrs(request.frontendAttrs())
        // Legacy single-exporter fields: the only form the engine's BuildKit (v0.8) knows.
        .setExporter(request.export().exporter())
        .putAllExporterAttrs(request.export().exporterAttrs());
    request.buildArgs().forEach((name, value) -> solve.putFrontendAttrs("build-arg:" + name, value));
    CacheOptions.Builder cache = CacheOptions.newBuilder();
    for (String cacheRef : request.cacheImports()) {
      cache.addImports(CacheOptionsEntry.newBuilder().setType("registry").putAttrs("ref", cacheRef));
    }
    if (request.cacheExport() != null) {
      cache.addExports(CacheOptionsEntry.newBuilder().setType("registry")
          .putAttrs("ref", request.cacheExport()).putAttrs("mode", "max"));
    }
    return solve.setCache(cache).build();
  }

  private static Optional<BuildFailedException> dockerfileMissing(BuildRequest request) {
    Path dockerfile = request.dockerfileDir().resolve(request.dockerfileName());
    // The frontend also accepts "dockerfile" when "Dockerfile" is absent.
    Path lowercase = dockerfile.resolveSibling(dockerfile.getFileName().toString().toLowerCase(Locale.ROOT));
    if (Files.isRegularFile(dockerfile)
        || (dockerfile.getFileName().toString().equals("Dockerfile") && Files.isRegularFile(lowercase))) {
      return Optional.empty();
    }
    return Optional.of(new BuildFailedException(BuildKitErrorCode.DOCKERFILE_NOT_FOUND,
        "no Dockerfile named '" + request.dockerfileName() + "' in the build's dockerfile directory",
        "Check the Dockerfile path of the service (relative to the repository root or root_dir)"
            + " and that the file is committed.",
        null, List.of(), null));
  }

  private void drain(CompletableFuture<Void> status) {
    try {
      status.get(statusDrain.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Progress is best effort: a slow or broken Status stream must not fail a finished build.
      log.debug("status stream did not end cleanly: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void requireDirectory(Path dir, String field) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(field + " " + dir + " is not a directory");
    }
  }

  private static String sessionName(BuildRequest request) {
    Path name = request.contextDir().toAbsolutePath().getFileName();
    return name == null ? "deploy-mcp" : name.toString();
  }

  private static String syncKey(BuildRequest request) {
    if (request.syncKey() != null && !request.syncKey().isBlank()) {
      return request.syncKey();
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(request.contextDir().toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The session tunnel ended while the build was running. */
  static final class SessionBroken extends RuntimeException {
    final Status status;

    SessionBroken(Status status) {
      super("the build session ended: " + status.getCode()
          + (status.getDescription() == null ? "" : " " + status.getDescription()),
          // The transport's exception, e.g. a failed TLS handshake, which the classifier names.
          status.getCause(), false, false);
      this.status = status;
    }
  }

  private static final class SolveReader implements StreamObserver<SolveResponse> {
    private final CompletableFuture<SolveResponse> solve;
    private SolveResponse response = SolveResponse.getDefaultInstance();

    SolveReader(CompletableFuture<SolveResponse> solve) {
      this.solve = solve;
    }

    @Override
    public void onNext(SolveResponse value) {
      response = value;
    }

    @Override
    public void onError(Throwable error) {
      solve.completeExceptionally(error);
    }

    @Override
    public void onCompleted() {
      solve.complete(response);
    }
  }

  private static final class StatusReader implements StreamObserver<StatusResponse> {
    private final BuildProgress progress;
    private final CompletableFuture<Void> done;

    StatusReader(BuildProgress progress, CompletableFuture<Void> done) {
      this.progress = progress;
      this.done = done;
    }

    @Override
    public void onNext(StatusResponse value) {
      progress.accept(value);
    }

    @Override
    public void onError(Throwable error) {
      done.completeExceptionally(error);
    }

    @Override
    public void onCompleted() {
      done.complete(null);
    }
  }
}
