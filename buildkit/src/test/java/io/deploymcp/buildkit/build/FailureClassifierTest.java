package io.deploymcp.buildkit.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.buildkit.BuildKitErrorCode;
import io.deploymcp.buildkit.build.BuildProgress.FailedStep;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Classification of the daemon's failures. The messages are the ones Docker 20.10's BuildKit
 * (v0.8) answered on this machine (EngineImageBuilderTest drives the same cases end to end).
 */
class FailureClassifierTest {
  private final FailureClassifier classifier =
      new FailureClassifier(new SecretMasker(List.of("hunter2-secret".getBytes(StandardCharsets.UTF_8))));

  @Test
  void aRunStepThatExitsNonZeroIsBuildStepFailed() {
    FailedStep step = new FailedStep("[2/2] RUN npm run build",
        "executor failed running [/bin/sh -c npm run build]: exit code: 1", List.of("> build", "npm ERR! missing script: build"));

    BuildFailedException failure = classify(
        "executor failed running [/bin/sh -c npm run build]: exit code: 1", step);

    assertThat(failure.code()).isEqualTo(BuildKitErrorCode.BUILD_STEP_FAILED);
    assertThat(failure.failedStep()).hasValue("[2/2] RUN npm run build");
    assertThat(failure.logTail()).containsExactly("> build", "npm ERR! missing script: build");
    assertThat(failure.getMessage()).isEqualTo(
        "build step [2/2] RUN npm run build failed: executor failed running [/bin/sh -c npm run build]: exit code: 1");
    assertThat(failure.retryable()).isFalse();
  }

  @Test
  void aCopyOfAMissingFileIsAStepFailureWithAContextHint() {
    FailedStep step = new FailedStep("[2/2] COPY missing.txt /x", "\"/missing.txt\" not found: not found", List.of());

    BuildFailedException failure = classify("failed to compute cache key: \"/missing.txt\" not found: not found", step);

    assertThat(failure.code()).isEqualTo(BuildKitErrorCode.BUILD_STEP_FAILED);
    assertThat(failure.hint()).contains("build context", ".dockerignore");
  }

  @Test
  void aStepCancelledOnlyBecauseTheBuildStoppedIsNotTheCulprit() {
    BuildFailedException failure = classify("failed to solve with frontend dockerfile.v0: failed to create LLB definition:"
        + " dockerfile parse error line 3: unknown instruction: RUNN",
        new FailedStep("[internal] load build context", "context canceled", List.of()));

    assertThat(failure.code()).isEqualTo(BuildKitErrorCode.DOCKERFILE_INVALID);
    assertThat(failure.failedStep()).isEmpty();
  }

  @Test
  void aBaseImageTheRegistryDoesNotHaveIsBaseImageNotFound() {
    FailedStep step = new FailedStep("[internal] load metadata for 127.0.0.1:5000/base/nope:1",
        "127.0.0.1:5000/base/nope:1: not found", List.of());

    BuildFailedException failure = classify("failed to solve with frontend dockerfile.v0: failed to create LLB definition:"
        + " 127.0.0.1:5000/base/nope:1: not found", step);

    assertThat(failure.code()).isEqualTo(BuildKitErrorCode.BASE_IMAGE_NOT_FOUND);
    assertThat(failure.getMessage()).isEqualTo(
        "the base image 127.0.0.1:5000/base/nope:1 could not be pulled: 127.0.0.1:5000/base/nope:1: not found");
  }

  @Test
  void aBaseImageOnAnUnknownRegistryHostIsBaseImageNotFound() {
    FailedStep step = new FailedStep("[internal] load metadata for nosuchhost.invalid/x:1",
        "failed to do request: Head \"https://nosuchhost.invalid/v2/x/manifests/1\": dial tcp: lookup nosuchhost.invalid"
            + " on 10.255.255.53:53: no such host", List.of());

    assertThat(classify("failed to solve with frontend dockerfile.v0: failed to create LLB definition: failed to do request: ...", step).code())
        .isEqualTo(BuildKitErrorCode.BASE_IMAGE_NOT_FOUND);
  }

  @Test
  void anImplicitImageOfCopyFromIsBaseImageNotFound() {
    FailedStep step = new FailedStep("FROM docker.io/library/nope:latest",
        "failed to do request: Head \"https://registry-1.docker.io/v2/library/nope/manifests/latest\": dial tcp: no such host", List.of());

    BuildFailedException failure = classify("failed to load cache key: failed to do request: ...", step);

    assertThat(failure.code()).isEqualTo(BuildKitErrorCode.BASE_IMAGE_NOT_FOUND);
    assertThat(failure.getMessage()).contains("docker.io/library/nope:latest");
  }

  @Test
  void manifestUnknownWithoutStepDetailIsStillBaseImageNotFound() {
    assertThat(classify("failed to solve with frontend dockerfile.v0: failed to create LLB definition: 127.0.0.1:5000/x:1:"
        + " manifest unknown", null).code()).isEqualTo(BuildKitErrorCode.BASE_IMAGE_NOT_FOUND);
  }

  @Test
  void parseErrorsAreDockerfileInvalid() {
    for (String message : List.of(
        "failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 2: unknown instruction: FOO",
        "failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 2: Unknown flag: network",
        "failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 2: unsupported mount type \"bogus\"")) {
      BuildFailedException failure = classify(message, null);

      assertThat(failure.code()).as(message).isEqualTo(BuildKitErrorCode.DOCKERFILE_INVALID);
      assertThat(failure.getMessage()).startsWith("the Dockerfile is invalid: dockerfile parse error line 2: ");
    }
  }

  @Test
  void aDockerfileTheFrontendCannotReadIsDockerfileNotFound() {
    BuildFailedException failure = classify("failed to solve with frontend dockerfile.v0: failed to read dockerfile: open"
        + " /var/lib/docker/tmp/buildkit-mount419813945/Dockerfile: no such file or directory", null);

    assertThat(failure.code()).isEqualTo(BuildKitErrorCode.DOCKERFILE_NOT_FOUND);
  }

  @Test
  void transportFailuresAreUnreachableAndRetryable() {
    for (Status status : List.of(Status.UNAVAILABLE.withDescription("io exception"),
        Status.INTERNAL.withDescription("Received unexpected EOF on DATA frame from server"),
        Status.CANCELLED.withDescription("server shut down"))) {
      BuildFailedException failure = classifier.classify(status.asRuntimeException(), null, List.of());

      assertThat(failure.code()).as(status.toString()).isEqualTo(BuildKitErrorCode.BUILDKIT_UNREACHABLE);
      assertThat(failure.retryable()).isTrue();
    }
  }

  @Test
  void aBuildContextTheSessionCouldNotDeliverIsUnreachableNotTheUsersStep() {
    // The engine's words when the worker holding the build session was killed (crash/WorkerKillIT).
    BuildFailedException failure = classify("grpc: the client connection is closing",
        new FailedStep("[internal] load build context", "grpc: the client connection is closing", List.of()));

    assertThat(failure.code()).isEqualTo(BuildKitErrorCode.BUILDKIT_UNREACHABLE);
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.getMessage()).contains("lost the build session", "[internal] load build context");
    assertThat(failure.sessionLost()).isTrue();
  }

  @Test
  void onlyALostSessionIsMarkedSo() {
    BuildFailedException userStep = classify("exit code: 1",
        new FailedStep("[2/2] RUN make", "process \"/bin/sh -c make\" did not complete successfully: exit code: 1", List.of()));
    BuildFailedException transport =
        classifier.classify(Status.UNAVAILABLE.withDescription("io exception").asRuntimeException(), null, List.of());

    assertThat(userStep.sessionLost()).isFalse();
    assertThat(transport.code()).isEqualTo(BuildKitErrorCode.BUILDKIT_UNREACHABLE);
    assertThat(transport.sessionLost()).isFalse();
  }

  @Test
  void aSolveTheDaemonCancelledByItselfIsALostSessionButOurCancelStaysACancel() {
    Throwable canceled = Status.UNKNOWN.withDescription("context canceled").asRuntimeException();

    BuildFailedException byTheDaemon = classifier.classify(canceled, null, List.of());
    BuildFailedException byUs = classifier.classify(canceled, BuildHandle.StopReason.CANCELLED, List.of());

    assertThat(byTheDaemon.code()).isEqualTo(BuildKitErrorCode.BUILDKIT_UNREACHABLE);
    assertThat(byTheDaemon.retryable()).isTrue();
    assertThat(byTheDaemon.sessionLost()).isTrue();
    assertThat(byUs.code()).isEqualTo(BuildKitErrorCode.BUILD_CANCELLED);
    assertThat(byUs.sessionLost()).isFalse();
  }

  @Test
  void ourOwnStopsWinOverWhatTheCallReports() {
    Throwable cancelled = Status.CANCELLED.withDescription("build cancelled by the caller").asRuntimeException();

    assertThat(classifier.classify(cancelled, BuildHandle.StopReason.CANCELLED, List.of()).code())
        .isEqualTo(BuildKitErrorCode.BUILD_CANCELLED);
    assertThat(classifier.classify(cancelled, BuildHandle.StopReason.TIMED_OUT, List.of()).code())
        .isEqualTo(BuildKitErrorCode.BUILD_TIMEOUT);
  }

  @Test
  void aFailedPushIsPushFailed() {
    FailedStep step = new FailedStep("exporting to image", "failed to push reg:5000/a/b:1: connection refused", List.of());

    BuildFailedException failure = classify("failed to push reg:5000/a/b:1: connection refused", step);

    assertThat(failure.code()).isEqualTo(BuildKitErrorCode.PUSH_FAILED);
    assertThat(failure.retryable()).isTrue();
  }

  @Test
  void anythingElseIsBuildFailedWithTheDaemonsMessage() {
    BuildFailedException failure = classify("unknown cache exporter: \"registry\"", null);

    assertThat(failure.code()).isEqualTo(BuildKitErrorCode.BUILD_FAILED);
    assertThat(failure.getMessage()).contains("unknown cache exporter");
  }

  @Test
  void secretValuesAreMaskedInMessagesAndTailsAndTheDaemonsExceptionIsNotKept() {
    FailedStep step = new FailedStep("[2/2] RUN echo ****", "executor failed running [/bin/sh -c echo hunter2-secret]: exit code: 1",
        List.of("****"));

    BuildFailedException failure = classify("executor failed running [/bin/sh -c echo hunter2-secret]: exit code: 1", step);

    assertThat(failure.getMessage()).doesNotContain("hunter2-secret").contains("echo ****");
    assertThat(failure.getCause()).isNull();
  }

  private BuildFailedException classify(String message, FailedStep step) {
    return classifier.classify(Status.UNKNOWN.withDescription(message).asRuntimeException(), null,
        step == null ? List.of() : List.of(step));
  }
}
