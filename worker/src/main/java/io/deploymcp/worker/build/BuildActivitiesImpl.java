package io.deploymcp.worker.build;

import org.springframework.beans.factory.annotation.Autowired;
import io.deploymcp.worker.metrics.DeployMetrics;
import io.deploymcp.buildkit.BuildKitException;
import io.deploymcp.buildkit.build.BuildFailedException;
import io.deploymcp.buildkit.build.BuildHandle;
import io.deploymcp.buildkit.build.BuildRequest;
import io.deploymcp.buildkit.build.BuildResult;
import io.deploymcp.buildkit.build.ImageBuilder;
import io.deploymcp.buildkit.connection.BuildKitConnection;
import io.deploymcp.buildpacks.BuildPlan;
import io.deploymcp.buildpacks.BuildPlanException;
import io.deploymcp.buildpacks.BuildPlanner;
import io.deploymcp.buildpacks.DockerfileLocation;
import io.deploymcp.registry.RegistryClient;
import io.deploymcp.registry.RegistryException;
import io.deploymcp.store.logs.LineMasker;
import io.deploymcp.store.logs.LogStore;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.activities.BuildActivities;
import io.deploymcp.workflows.activities.BuiltImage;
import io.deploymcp.workflows.activities.CheckoutResult;
import io.deploymcp.workflows.activities.FailureDetail;
import io.deploymcp.worker.failure.ActivityFailures;
import io.deploymcp.worker.failure.WorkerFailureCodes;
import io.deploymcp.worker.temporal.ActivityHeartbeat;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import io.deploymcp.worker.env.EnvValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Turns the checked-out workspace into an image in the registry: plan (build pack), skip when
 * the registry already has this commit built the same way, build with BuildKit, push, and
 * record the digest on the deployment. The build log goes to the {@link LogStore} as it
 * happens; secret values are masked in it and reach BuildKit only as session secrets.
 */
@Component("buildActivities")
public class BuildActivitiesImpl implements BuildActivities {
  private static final Logger log = LoggerFactory.getLogger(BuildActivitiesImpl.class);
  private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(1);
  private static final Duration POLL = Duration.ofMillis(50);
  private static final int LOG_TAIL_LINES = 50;
  private static final String BUILDKIT_ARG_PREFIX = "BUILDKIT_";
  /** Pid and start time: unique among the processes that ever talk to one daemon. */
  private static final String PROCESS_TAG = Long.toHexString(ProcessHandle.current().pid()) + "."
      + Long.toHexString(ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli)
          .orElseGet(System::currentTimeMillis));

  private final BuildEnvironment environment;
  private final BuildInputsRepository inputs;
  private final LogStore logs;
  private final PushGate pushGate;
  private final BuildLogShipper shipper;
  private final BuildPlanner planner = new BuildPlanner();
  private final DeployMetrics metrics;

  /** Counts into a registry of its own: for tests that build the activities by hand. */
  public BuildActivitiesImpl(
      BuildEnvironment environment, BuildInputsRepository inputs, LogStore logs, PushGate pushGate) {
    this(environment, inputs, logs, pushGate, BuildLogShipper.NONE, DeployMetrics.unregistered());
  }

  @Autowired
  public BuildActivitiesImpl(
      BuildEnvironment environment,
      BuildInputsRepository inputs,
      LogStore logs,
      PushGate pushGate,
      BuildLogShipper shipper,
      DeployMetrics metrics) {
    this.metrics = metrics;
    this.environment = environment;
    this.inputs = inputs;
    this.logs = logs;
    this.pushGate = pushGate;
    this.shipper = shipper;
  }

  @Override
  public BuiltImage buildAndPush(UUID deploymentId, CheckoutResult source) {
    // The solve heartbeats its status (how a cancel reaches it); the ticker also covers the skip
    // check and the push, which can outlast the heartbeat timeout on their own.
    return ActivityHeartbeat.during("building", () -> build(deploymentId, source));
  }

  private BuiltImage build(UUID deploymentId, CheckoutResult source) {
    BuildDestination destination = environment.destination();
    BuildInputs in = inputs.load(deploymentId);
    Path workspace = workspaceOf(source);
    BuildLog buildLog = new BuildLog(
        logs, in.tenantId(), deploymentId, LineMasker.of(secretValues(in)), shipper,
        new BuildLogLabels(in.tenantName(), in.projectName(), in.serviceName(), deploymentId));
    Path scratch = null;
    try {
      BuildPlan plan = plan(in, workspace);
      buildLog.note("build plan: " + plan.provider().id() + " (from " + String.join(", ", plan.detectedFrom()) + ")");
      String config = environment.configKey(plan, in);
      ImageTags tags = ImageTags.of(destination.repository(in), source.commitSha(), config);

      Optional<String> existing = existingImage(destination, tags, buildLog);
      if (existing.isPresent()) {
        String imageRef = destination.runRef(in, existing.get());
        if (inputs.recordReusedImage(deploymentId, imageRef, config)) {
          buildLog.note("image " + tags.configRef() + " already in the registry: build skipped, reusing " + existing.get());
          buildLog.flush();
          metrics.buildSkipped();
          log.info("deployment {}: build skipped, {} exists", deploymentId, tags.configRef());
          return new BuiltImage(imageRef, true);
        }
        buildLog.note("image " + tags.configRef() + " was released to registry garbage collection: building it again");
      }

      scratch = Files.createTempDirectory("dp-dockerfile-");
      DockerfileLocation dockerfile = plan.dockerfileLocation(scratch);
      plan.generatedDockerfile().ifPresent(text -> {
        buildLog.note("generated Dockerfile:");
        text.lines().forEach(l -> buildLog.note("  " + l));
      });
      BuildRequest.Builder request =
          BuildRequest.builder(plan.contextDir(), destination.export(tags))
              .dockerfile(dockerfile.dir(), dockerfile.fileName())
              // The daemon keeps each sync key's last context: a rebuild sends changed files only.
              .syncKey(syncKey(in.serviceId()));
      Map<String, String> buildArgs = new TreeMap<>();
      for (EnvValue env : in.env()) {
        if (env.secret()) {
          request.secret(env.key(), env.value().getBytes(StandardCharsets.UTF_8));
        } else if (env.key().startsWith(BUILDKIT_ARG_PREFIX)) {
          // BUILDKIT_SYNTAX would swap the Dockerfile frontend for any image, past the source check.
          buildLog.note(env.key() + " is set at run time only: BUILDKIT_* build args steer BuildKit itself");
        } else {
          request.buildArg(env.key(), env.value());
          buildArgs.put(env.key(), env.value());
        }
      }
      Optional<DockerfileSourceCheck.Refusal> refusal =
          environment.sourceCheck().check(dockerfileText(dockerfile), buildArgs, environment.platformRegistries(destination));
      if (refusal.isPresent()) {
        throw failure(buildLog, WorkerFailureCodes.BUILD_SOURCE_NOT_ALLOWED, refusal.get().message(), refusal.get().hint(), null, false);
      }
      destination.cacheRef(in).ifPresent(cache -> request.cacheImport(cache).cacheExport(cache));

      ActivityExecutionContext activity = Activity.getExecutionContext();
      awaitPushTurn(activity, deploymentId, buildLog);
      try {
        BuildResult result = metrics.timed(DeployMetrics.Phase.BUILD, () -> solve(activity, request, buildLog, deploymentId, in));
        metrics.buildSteps(result.cachedSteps(), result.steps() - result.cachedSteps());
        buildLog.note(result.steps() + " steps, " + result.cachedSteps() + " cached, in " + result.duration().toMillis() + " ms");
        var context = result.transfer("context");
        buildLog.note(
            "context sync: " + context.filesRequested() + " files (" + context.bytesSent() + " bytes) sent of "
                + context.entriesSent() + " entries");
        String digest = metrics.timed(DeployMetrics.Phase.PUSH, () -> destination.publish(tags, result, buildLog));
        String imageRef = destination.runRef(in, digest);
        buildLog.note("pushed " + tags.commitRef() + " = " + imageRef);
        buildLog.flush();
        inputs.recordBuiltImage(deploymentId, imageRef, config);
        log.info("deployment {}: built and pushed {}", deploymentId, imageRef);
        return new BuiltImage(imageRef, false);
      } finally {
        pushGate.finished(deploymentId);
      }
    } catch (BuildPlanException e) {
      throw failure(buildLog, planCode(e), e.getMessage(), e.hint(), null, false);
    } catch (BuildFailedException e) {
      String tail = e.logTail().isEmpty() ? null : String.join("\n", e.logTail());
      String hint =
          e.code() == io.deploymcp.buildkit.BuildKitErrorCode.BUILD_TIMEOUT
              ? "Make the build faster (cache dependencies, build less), or ask the operator to"
                  + " raise DP_BUILD_TIMEOUT (now " + environment.timeout() + ")."
              : e.code() == io.deploymcp.buildkit.BuildKitErrorCode.BUILD_STALLED
                  ? "No build step reported anything for " + environment.stallTimeout() + ". If a step"
                      + " legitimately runs silent that long, make it print progress (or ask the operator"
                      + " to raise DP_BUILD_STALL_TIMEOUT); otherwise the build daemon is stuck: deploy again."
                  : e.hint();
      throw failure(buildLog, e.code().name(), e.getMessage(), hint, tail, e.retryable());
    } catch (BuildKitException e) {
      throw failure(buildLog, e.code().name(), e.getMessage(), e.hint(), null, e.retryable());
    } catch (RegistryException e) {
      String code = e.code().retryable() ? FailureCodes.PUSH_FAILED : e.code().name();
      throw failure(buildLog, code, e.getMessage(), e.hint(), null, e.retryable());
    } catch (IOException e) {
      throw failure(buildLog, "WORKSPACE_IO", "could not prepare the build: " + e.getMessage(), "Deploy again.", null, true);
    } finally {
      buildLog.flush();
      deleteQuietly(scratch);
    }
  }

  /** The solve, and once more on a new session when the daemon lost the first one. */
  private BuildResult solve(
      ActivityExecutionContext activity, BuildRequest.Builder request, BuildLog buildLog, UUID deploymentId, BuildInputs in) {
    try {
      return run(activity, request.build(), buildLog, deploymentId);
    } catch (BuildFailedException e) {
      if (!e.sessionLost()) {
        throw e;
      }
      // Seen mostly right after a worker was killed mid-build (crash/'s WorkerKillIT long: 3 to
      // 6 in 100 kills): the engine lost the retry's fresh session while loading the context,
      // before any step of the user's ran, and that retry was the step's last attempt. One more
      // try on a new session (and sync key) costs only the context transfer; it built all 6
      // times in the run that measured it (docs/reliability.md).
      buildLog.note("the build daemon lost the build session (" + e.getMessage() + "): building again on a new session");
      log.warn("deployment {}: {}; building again on a new session", deploymentId, e.getMessage());
      return run(activity, request.syncKey(syncKey(in.serviceId()) + "-resent").build(), buildLog, deploymentId);
    }
  }

  /**
   * The digest of this commit built this way, if the registry has it. A registry that does not
   * answer now only costs the skip: the build goes on, and its push will say what is wrong.
   */
  private static Optional<String> existingImage(BuildDestination destination, ImageTags tags, BuildLog buildLog) {
    try (RegistryClient registry = destination.registry()) {
      return registry.manifestDigest(tags.repository(), tags.configTag());
    } catch (RegistryException e) {
      if (!e.retryable()) {
        throw e;
      }
      buildLog.note("registry did not answer the skip check (" + e.getMessage() + "); building");
      return Optional.empty();
    }
  }

  /**
   * Waits, heartbeating, while registry garbage collection sweeps blobs (the solve pushes the
   * image, and with a standalone buildkitd its cache too; the engine pushes right after it).
   */
  private void awaitPushTurn(ActivityExecutionContext activity, UUID deploymentId, BuildLog buildLog) {
    boolean[] noted = {false};
    pushGate.awaitTurn(deploymentId, status -> {
      if (!noted[0]) {
        buildLog.note(status);
        buildLog.flush();
        log.info("deployment {}: {}", deploymentId, status);
        noted[0] = true;
      }
      activity.heartbeat(status);
    });
    if (noted[0]) {
      buildLog.note("registry garbage collection finished sweeping: building");
    }
  }

  /**
   * Runs the build and waits on this (the activity's) thread, heartbeating the build's status:
   * a cancelled workflow shows up here as a failed heartbeat, which cancels the solve.
   */
  private BuildResult run(
      ActivityExecutionContext activity, BuildRequest request, BuildLog buildLog, UUID deploymentId) {
    Instant deadline = Instant.now().plus(environment.timeout());
    Instant nextHeartbeat = Instant.now();
    try (BuildKitConnection connection = environment.connect()) {
      BuildHandle handle = new ImageBuilder(connection).start(request, buildLog);
      while (!handle.isDone()) {
        Instant now = Instant.now();
        if (now.isAfter(deadline)) {
          // Stops the solve and throws BUILD_TIMEOUT.
          return handle.await(Duration.ofMillis(1));
        }
        if (handle.silence().compareTo(environment.stallTimeout()) > 0) {
          // A daemon that stopped reporting would otherwise keep the deployment in "building"
          // until the time limit; heartbeats alone cannot tell, they come from this thread.
          handle.stopStalled();
          return handle.await();
        }
        if (!now.isBefore(nextHeartbeat)) {
          buildLog.flush();
          try {
            activity.heartbeat(buildLog.status());
          } catch (ActivityCompletionException cancelled) {
            handle.cancel();
            buildLog.note("build cancelled");
            log.info("deployment {}: build cancelled", deploymentId);
            throw cancelled;
          }
          nextHeartbeat = now.plus(HEARTBEAT_EVERY);
        }
        sleep(POLL);
      }
      return handle.await();
    }
  }

  /**
   * {@code dp-<service>-<this worker process>}, and a retried attempt gets a key of its own: the
   * engine's BuildKit keeps serving a key's context from the session that last sent it, and after
   * the worker holding that session was killed a later build with the same key failed in
   * "[internal] load build context" with "the client connection is closing" (crash/'s
   * WorkerKillIT). A killed worker's build comes back as a retry (another attempt) or, when its
   * checkout was lost with it, as a fresh build activity whose attempt is 1 again; only a key
   * scoped to the process covers both. A worker keeps its incremental context transfer from one
   * deploy of a service to the next; a new worker process sends the whole context once.
   */
  static String syncKey(UUID serviceId) {
    int attempt;
    try {
      attempt = Activity.getExecutionContext().getInfo().getAttempt();
    } catch (IllegalStateException notAnActivity) {
      attempt = 1;
    }
    return "dp-" + serviceId + "-" + PROCESS_TAG + (attempt > 1 ? "-attempt" + attempt : "");
  }

  /** Lenient: bytes that are not UTF-8 become U+FFFD; instructions and URLs are ASCII. */
  private static String dockerfileText(DockerfileLocation dockerfile) throws IOException {
    return new String(Files.readAllBytes(dockerfile.dir().resolve(dockerfile.fileName())), StandardCharsets.UTF_8);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building", e);
    }
  }

  private BuildPlan plan(BuildInputs in, Path workspace) {
    Path context = in.rootDir() == null || in.rootDir().isEmpty() ? workspace : workspace.resolve(in.rootDir());
    return planner.plan(
        io.deploymcp.buildpacks.BuildPack.fromWireName(in.buildPack()),
        context,
        environment.planOptions(in));
  }

  private static Path workspaceOf(CheckoutResult source) {
    if (source.workspace() == null || !Files.isDirectory(Path.of(source.workspace()))) {
      // Not retried here: the workflow checks out again on a host of its own.
      throw ApplicationFailure.newNonRetryableFailure(
          "the checkout is not on this worker any more",
          FailureCodes.WORKSPACE_LOST,
          new FailureDetail("Nothing to do: the deploy checks the commit out again.", null));
    }
    return Path.of(source.workspace());
  }

  private static List<String> secretValues(BuildInputs in) {
    List<String> values = new ArrayList<>();
    for (EnvValue env : in.env()) {
      // Plain values are build args the caller chose to show; secrets never are.
      if (env.secret()) {
        values.add(env.value());
      }
    }
    return values;
  }

  private static String planCode(BuildPlanException e) {
    return switch (e.code()) {
      case NO_BUILD_PLAN -> FailureCodes.NO_BUILD_PLAN;
      case DOCKERFILE_NOT_FOUND -> FailureCodes.DOCKERFILE_NOT_FOUND;
      case BASE_IMAGE_NOT_CONFIGURED -> io.deploymcp.worker.failure.WorkerFailureCodes.BASE_IMAGE_NOT_CONFIGURED;
    };
  }

  /** Masks, logs the failure into the build log, and makes the activity failure. */
  private static ApplicationFailure failure(
      BuildLog buildLog, String code, String message, String hint, String tail, boolean retryable) {
    String safeMessage = buildLog.mask(message);
    String safeTail = buildLog.mask(tail);
    buildLog.note("build failed: " + code + ": " + safeMessage);
    FailureDetail detail = new FailureDetail(buildLog.mask(hint), tailOf(safeTail));
    return retryable
        ? ApplicationFailure.newFailure(safeMessage, code, detail)
        : ApplicationFailure.newNonRetryableFailure(safeMessage, code, detail);
  }

  private static String tailOf(String text) {
    if (text == null) {
      return null;
    }
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      log.debug("scratch dir {} left behind: {}", dir, e.toString());
    }
  }
}
