package io.deploymcp.workflows.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.workflows.DeploySearchAttributes;
import io.deploymcp.workflows.DeploymentStatus;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.WorkflowIds;
import io.deploymcp.workflows.activities.DeploymentFailure;
import io.deploymcp.workflows.fakes.Behaviour;
import io.deploymcp.workflows.fakes.FakeSteps;
import io.deploymcp.workflows.fakes.WorkflowHarness;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The deploy workflow against in-memory activities, with time skipping for the retries. */
class DeployWorkflowTest {
  private final WorkflowHarness harness = new WorkflowHarness(true);
  private final UUID service = UUID.randomUUID();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void recordsEveryPhaseInOrderAndEndsRunning() {
    UUID id = harness.records.queue(service);

    DeployOutcome outcome = harness.deployAndWait(service, id);

    assertThat(harness.log.steps(id))
        .containsExactly(
            "supersedeOlder",
            "enterPhase:cloning",
            "checkout",
            "recordCommit:" + FakeSteps.COMMIT,
            "enterPhase:building",
            "buildAndPush:" + FakeSteps.COMMIT,
            "removeWorkspace",
            "enterPhase:deploying",
            "apply:" + FakeSteps.imageOf(id),
            "awaitRollout",
            "markRunning:" + FakeSteps.imageOf(id));
    assertThat(outcome)
        .isEqualTo(
            new DeployOutcome(
                id, DeploymentStatus.RUNNING, FakeSteps.COMMIT, FakeSteps.imageOf(id), null));
    assertThat(harness.records.status(id)).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(harness.deployStub(id).query("status", String.class)).isEqualTo("running");
    assertThat(phaseAttribute(id)).isEqualTo("running");
  }

  @Test
  void stopsQuietlyWhenEnterPhaseIsRefused() {
    UUID id = harness.records.queue(service);
    // A newer deploy supersedes this one while it checks out.
    harness.steps.on(
        "checkout", id, d -> harness.records.setStatus(d, DeploymentStatus.SUPERSEDED));

    DeployOutcome outcome = harness.deployAndWait(service, id);

    assertThat(outcome.status()).isEqualTo(DeploymentStatus.CANCELLED);
    assertThat(outcome.errorCode()).isNull();
    assertThat(harness.log.steps(id))
        .containsExactly(
            "supersedeOlder",
            "enterPhase:cloning",
            "checkout",
            "recordCommit:" + FakeSteps.COMMIT,
            "enterPhase:building",
            "removeWorkspace");
    assertThat(harness.records.status(id)).isEqualTo(DeploymentStatus.SUPERSEDED);
  }

  @Test
  void buildkitNotConfiguredFailsAtOnceWithItsCodeAndHint() {
    UUID id = harness.records.queue(service);
    String hint = "Set BUILDKIT_HOST on the worker and redeploy";
    // Thrown as retryable on purpose: the workflow's retry policy alone must stop retries.
    harness.steps.on(
        "buildAndPush",
        id,
        Behaviour.failWith(FailureCodes.BUILDKIT_NOT_CONFIGURED, "no BuildKit is configured", hint));

    DeployOutcome outcome = harness.deployAndWait(service, id);

    assertThat(harness.log.count("buildAndPush", id)).isEqualTo(1);
    assertThat(outcome.status()).isEqualTo(DeploymentStatus.FAILED);
    assertThat(outcome.errorCode()).isEqualTo(FailureCodes.BUILDKIT_NOT_CONFIGURED);
    assertThat(harness.records.failure(id))
        .isEqualTo(
            new DeploymentFailure(
                "building",
                FailureCodes.BUILDKIT_NOT_CONFIGURED,
                "no BuildKit is configured",
                hint,
                "last line"));
    assertThat(harness.records.status(id)).isEqualTo(DeploymentStatus.FAILED);
    assertThat(harness.records.commitSha(id)).isEqualTo(FakeSteps.COMMIT);
    assertThat(harness.log.steps(id)).doesNotContain("enterPhase:deploying");
    assertThat(phaseAttribute(id)).isEqualTo("failed");
  }

  @Test
  void userErrorsOfCheckoutAreNotRetried() {
    for (String code :
        List.of(
            FailureCodes.REPO_NOT_FOUND, FailureCodes.BRANCH_NOT_FOUND, FailureCodes.REPO_AUTH_FAILED)) {
      UUID id = harness.records.queue(service);
      harness.steps.on("checkout", id, Behaviour.failWith(code, "no", "fix the repo"));

      DeployOutcome outcome = harness.deployAndWait(service, id);

      assertThat(harness.log.count("checkout", id)).as(code).isEqualTo(1);
      assertThat(outcome.errorCode()).isEqualTo(code);
      assertThat(harness.records.failure(id).phase()).isEqualTo("cloning");
    }
  }

  @Test
  void unreachableRepoIsRetriedABoundedNumberOfTimesAndKeepsItsCode() {
    UUID id = harness.records.queue(service);
    harness.steps.on(
        "checkout",
        id,
        Behaviour.failWith(FailureCodes.REPO_UNREACHABLE, "connection refused", "try later"));

    DeployOutcome outcome = harness.deployAndWait(service, id);

    assertThat(harness.log.count("checkout", id)).isEqualTo(4);
    assertThat(outcome.errorCode()).isEqualTo(FailureCodes.REPO_UNREACHABLE);
    assertThat(harness.records.failure(id).hint()).isEqualTo("try later");
  }

  @Test
  void unexpectedExceptionBecomesInternalErrorWithRetryHintAndNoInternals() {
    UUID id = harness.records.queue(service);
    harness.steps.on("apply", id, Behaviour.crash("jdbc url has password=hunter2"));

    DeployOutcome outcome = harness.deployAndWait(service, id);

    DeploymentFailure failure = harness.records.failure(id);
    assertThat(outcome.errorCode()).isEqualTo(FailureCodes.INTERNAL_ERROR);
    assertThat(failure.phase()).isEqualTo("deploying");
    assertThat(failure.code()).isEqualTo(FailureCodes.INTERNAL_ERROR);
    assertThat(failure.message()).contains("Apply").doesNotContain("hunter2");
    assertThat(failure.hint()).contains("deploy again").contains(WorkflowIds.deploy(id));
    assertThat(harness.log.count("apply", id)).isGreaterThan(1);
    assertThat(harness.log.steps(id)).doesNotContain("awaitRollout");
  }

  @Test
  void aDeployOfAnExistingImageAppliesItWithoutCheckoutOrBuild() {
    UUID id = harness.records.queue(service);
    String image = "registry.local/app@sha256:" + "ab".repeat(32);

    harness.startDeploy(service, id, image);
    DeployOutcome outcome = harness.deployStub(id).getResult(DeployOutcome.class);

    assertThat(outcome.status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(outcome.imageRef()).isEqualTo(image);
    assertThat(harness.log.steps(id))
        .containsExactly(
            "supersedeOlder", "enterPhase:deploying", "apply:" + image, "awaitRollout", "markRunning:" + image);
  }

  @Test
  void userErrorsOfTheBuildAreNotRetriedAndTheWorkspaceIsStillRemoved() {
    UUID id = harness.records.queue(service);
    harness.steps.on(
        "buildAndPush",
        id,
        Behaviour.failWith(FailureCodes.BUILD_STEP_FAILED, "RUN npm ci failed", "fix the step"));

    DeployOutcome outcome = harness.deployAndWait(service, id);

    assertThat(outcome.errorCode()).isEqualTo(FailureCodes.BUILD_STEP_FAILED);
    assertThat(harness.log.count("buildAndPush", id)).isEqualTo(1);
    assertThat(harness.log.steps(id))
        .endsWith("buildAndPush:" + FakeSteps.COMMIT, "removeWorkspace", "markFailed:BUILD_STEP_FAILED");
    assertThat(harness.records.failure(id).logTail()).isEqualTo("last line");
  }

  @Test
  void aHostThatLostTheWorkspaceMakesCheckoutAndBuildStartOver() {
    UUID id = harness.records.queue(service);
    harness.steps.on(
        "buildAndPush",
        id,
        Behaviour.once(
            Behaviour.failWith(FailureCodes.WORKSPACE_LOST, "no workspace here", "redeploy")));

    DeployOutcome outcome = harness.deployAndWait(service, id);

    assertThat(outcome.status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(harness.log.count("checkout", id)).isEqualTo(2);
    assertThat(harness.log.count("removeWorkspace", id)).isEqualTo(2);
    assertThat(harness.log.steps(id))
        .containsSubsequence(
            "buildAndPush:" + FakeSteps.COMMIT,
            "removeWorkspace",
            "enterPhase:cloning",
            "checkout",
            "buildAndPush:" + FakeSteps.COMMIT,
            "removeWorkspace",
            "enterPhase:deploying");
  }

  private String phaseAttribute(UUID id) {
    return harness
        .deployStub(id)
        .describe()
        .getTypedSearchAttributes()
        .get(DeploySearchAttributes.PHASE);
  }
}
