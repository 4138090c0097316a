package io.deploymcp.buildkit.build;

import io.deploymcp.buildkit.BuildKitErrorCode;
import io.deploymcp.buildkit.connection.TlsFailure;
import io.grpc.Status;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides what a failed build means, from why we stopped it (if we did), the Solve call's status
 * and the steps the Status stream reported as failed. The daemon's messages are the evidence;
 * the patterns below are the ones BuildKit v0.8 (Docker 20.10) and later write, measured against
 * the engine (see the classifier test for the exact texts). Everything leaving here is masked.
 */
final class FailureClassifier {
  private static final Pattern FROM_STEP = Pattern.compile("^(?:\\[[^\\]]*\\] )?FROM (\\S+)");
  private static final Pattern LOAD_METADATA = Pattern.compile("^\\[internal\\] load metadata for (\\S+)");
  private static final Pattern ERROR_PREFIXES =
      Pattern.compile("^(?:failed to solve with frontend dockerfile\\.v0: |failed to solve: |failed to create LLB definition: |rpc error: code = \\w+ desc = )+");

  private final SecretMasker masker;

  FailureClassifier(SecretMasker masker) {
    this.masker = masker;
  }

  BuildFailedException classify(Throwable error, BuildHandle.StopReason stopped, List<BuildProgress.FailedStep> failedSteps) {
    if (stopped == BuildHandle.StopReason.TIMED_OUT) {
      return failure(BuildKitErrorCode.BUILD_TIMEOUT, "the build ran past its time limit and was cancelled",
          "Make the build faster (cache mounts, a smaller context, fewer steps) or raise the build time limit.",
          null, null);
    }
    if (stopped == BuildHandle.StopReason.STALLED) {
      return failure(BuildKitErrorCode.BUILD_STALLED,
          "the build daemon reported no progress for the build's stall limit and the build was cancelled",
          "If a step legitimately runs silent that long, make it print progress; otherwise the build"
              + " daemon is stuck: deploy again, and if it recurs the operator checks buildkitd.",
          null, null);
    }
    if (stopped == BuildHandle.StopReason.CANCELLED) {
      return failure(BuildKitErrorCode.BUILD_CANCELLED, "the build was cancelled",
          "Nothing to fix in the build; start it again if it is still wanted.", null, null);
    }
    if (error instanceof ImageBuilder.SessionBroken broken) {
      return unreachable(broken.getMessage() + "; the daemon or the connection to it went away", error);
    }
    Status status = Status.fromThrowable(error);
    String description = status.getDescription() == null ? status.getCode().toString() : status.getDescription();
    String message = masker.mask(description);
    String lower = message.toLowerCase(Locale.ROOT);
    if (isTransport(status, lower)) {
      return unreachable("BuildKit stopped answering: " + status.getCode() + ": " + message, error);
    }
    BuildProgress.FailedStep step = failedSteps.isEmpty() ? null : failedSteps.getFirst();

    if (lower.contains("failed to read dockerfile")) {
      return failure(BuildKitErrorCode.DOCKERFILE_NOT_FOUND, "the daemon found no Dockerfile: " + trim(message),
          "Check the Dockerfile path of the service and that the file is committed; a symlink must point"
              + " inside the repository.", null, error);
    }
    Optional<String> baseImage = baseImage(step, lower);
    if (baseImage.isPresent()) {
      String image = baseImage.get();
      return failure(BuildKitErrorCode.BASE_IMAGE_NOT_FOUND,
          "the base image " + image + " could not be pulled: " + trim(step != null ? step.error() : message),
          "Check the FROM line: the image name and tag must exist in a registry the build daemon can reach"
              + " (public registries are not reachable here; use the configured base images).",
          step, error);
    }
    if (lower.contains("dockerfile parse error") || lower.contains("failed to create llb definition")
        || lower.contains("failed to process \"")) {
      return failure(BuildKitErrorCode.DOCKERFILE_INVALID, "the Dockerfile is invalid: " + trim(message),
          "Fix the Dockerfile at the line the message names (instruction, flag or variable syntax)."
              + " Features newer than BuildKit v0.8 need a daemon that has them.", null, error);
    }
    if (step != null && isSessionLost(step)) {
      // The daemon could not read the client's files (build context, Dockerfile) through the
      // build session: the client, its connection or the daemon went away, not the user's step.
      return sessionLost("the daemon lost the build session in " + step.name() + ": " + trim(step.error()), error);
    }
    if (step != null && !BuildProgress.isCancellation(step.error()) && isPush(step, lower)) {
      return failure(BuildKitErrorCode.PUSH_FAILED, "the image was built but the push failed: " + trim(step.error()),
          "Check that the registry is up and accepts pushes from the build daemon; the build is retried.", step, error);
    }
    if (step != null && !BuildProgress.isCancellation(step.error())) {
      boolean copy = step.name().contains(" COPY ") || step.name().contains(" ADD ");
      String hint = copy && step.error().contains("not found")
          ? "A COPY/ADD source is not in the build context: check the path, the service's root_dir and .dockerignore."
          : "The step's last output lines are attached; fix the command or the files it uses and deploy again.";
      return failure(BuildKitErrorCode.BUILD_STEP_FAILED,
          "build step " + step.name() + " failed: " + trim(step.error()), hint, step, error);
    }
    if (lower.contains("executor failed running") || lower.contains("did not complete successfully")) {
      return failure(BuildKitErrorCode.BUILD_STEP_FAILED, "a build step failed: " + trim(message),
          "Fix the failing command and deploy again.", step, error);
    }
    if (lower.contains("no active session") || lower.contains("session not found")) {
      return sessionLost("the daemon lost the build session: " + trim(message), error);
    }
    if (step == null && status.getCode() == Status.Code.UNKNOWN && lower.endsWith("context canceled")) {
      // Not ours (our stops were handled above) and no step failed: the daemon gave the solve up,
      // as the engine does when the session's connection breaks (crash/'s WorkerKillIT, "Stream
      // closed before write" in the session server just before), not the user's build.
      return sessionLost("the daemon cancelled the build by itself: " + trim(message), error);
    }
    return failure(BuildKitErrorCode.BUILD_FAILED, "BuildKit failed the build: " + status.getCode() + ": " + trim(message),
        "Read the daemon's message; if it names an unsupported option, the daemon may be too old for it.", step, error);
  }

  private BuildFailedException sessionLost(String message, Throwable cause) {
    return new BuildFailedException(BuildKitErrorCode.BUILDKIT_UNREACHABLE, masker.mask(message),
        "The build daemon could not read the build's files through its session; the build is retried.",
        null, List.of(), cause, true);
  }

  BuildFailedException unreachable(String message, Throwable cause) {
    Optional<String> tls = TlsFailure.describe(cause);
    if (tls.isPresent()) {
      // The transport's own words here are "ssl exception" or "io exception": the TLS detail replaces them.
      return new BuildFailedException(BuildKitErrorCode.BUILDKIT_UNREACHABLE,
          masker.mask("could not connect to BuildKit: " + tls.get()), TlsFailure.HINT, null, List.of(), cause);
    }
    return new BuildFailedException(BuildKitErrorCode.BUILDKIT_UNREACHABLE, masker.mask(message),
        "Check that the build daemon (dockerd or buildkitd) is running and reachable at BUILDKIT_HOST;"
            + " the build is retried.", null, List.of(), cause);
  }

  /**
   * An {@code [internal]} step (loading the build context or the Dockerfile through the session)
   * that failed with the session's own transport error, as the engine reports it when the worker
   * that opened the session dies (crash/'s WorkerKillIT: "grpc: the client connection is closing").
   */
  private static boolean isSessionLost(BuildProgress.FailedStep step) {
    if (!step.name().startsWith("[internal]")) {
      return false;
    }
    String error = step.error().toLowerCase(Locale.ROOT);
    return error.contains("client connection is closing") || error.contains("transport is closing")
        || error.contains("no active session") || error.contains("session not found")
        || error.contains("error reading from server") || error.contains("connection reset");
  }

  private static boolean isTransport(Status status, String lower) {
    return switch (status.getCode()) {
      case UNAVAILABLE, CANCELLED -> true; // CANCELLED without a stop of ours: the channel went away
      case INTERNAL -> lower.contains("rst_stream") || lower.contains("connection") || lower.contains("eof")
          || lower.contains("stream");
      default -> false;
    };
  }

  private static Optional<String> baseImage(BuildProgress.FailedStep step, String lower) {
    if (step != null && !BuildProgress.isCancellation(step.error())) {
      Matcher metadata = LOAD_METADATA.matcher(step.name());
      if (metadata.find()) {
        return Optional.of(metadata.group(1));
      }
      Matcher from = FROM_STEP.matcher(step.name());
      if (from.find()) {
        return Optional.of(from.group(1));
      }
    }
    boolean resolving = lower.contains("failed to create llb definition") || lower.contains("failed to load cache key");
    boolean missing = lower.contains(": not found") || lower.contains("manifest unknown")
        || lower.contains("pull access denied") || lower.contains("failed to do request");
    return resolving && missing ? Optional.of("named in FROM") : Optional.empty();
  }

  private static boolean isPush(BuildProgress.FailedStep step, String lower) {
    String name = step.name().toLowerCase(Locale.ROOT);
    return lower.contains("failed to push") || name.startsWith("pushing") || (name.startsWith("exporting") && step.error().contains("push"));
  }

  /** The daemon's message without the wrapping that repeats on every frontend error. */
  static String trim(String message) {
    return ERROR_PREFIXES.matcher(message).replaceFirst("");
  }

  /**
   * The daemon's own exception is not kept as the cause: its message is the unmasked text. The
   * masked text is in the message; transport failures (see {@link #unreachable}) keep theirs.
   */
  private BuildFailedException failure(BuildKitErrorCode code, String message, String hint,
      BuildProgress.FailedStep step, Throwable cause) {
    return new BuildFailedException(code, masker.mask(message), hint, step == null ? null : step.name(),
        step == null ? List.of() : step.tail(), null);
  }
}
