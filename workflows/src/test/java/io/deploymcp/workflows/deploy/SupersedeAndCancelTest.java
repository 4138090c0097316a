package io.deploymcp.workflows.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.workflows.DeploymentStatus;
import io.deploymcp.workflows.fakes.Behaviour;
import io.deploymcp.workflows.fakes.FakeSteps;
import io.deploymcp.workflows.fakes.WorkflowHarness;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.CanceledFailure;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deploys that end because something else happened: a newer deploy, a cancel request. */
class SupersedeAndCancelTest {
  // Real time: the blocked build heartbeats until cancelled, which time skipping would cut short.
  private final WorkflowHarness harness = new WorkflowHarness(false);
  private final UUID service = UUID.randomUUID();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void newerDeploySupersedesAndCancelsTheOlderWhichAppliesNothing() throws Exception {
    UUID older = harness.records.queue(service);
    CountDownLatch olderBuilding = new CountDownLatch(1);
    harness.steps.on("buildAndPush", older, Behaviour.blockUntilCancelled(olderBuilding));
    harness.startDeploy(service, older);
    assertThat(olderBuilding.await(20, TimeUnit.SECONDS)).isTrue();

    UUID newer = harness.records.queue(service);
    DeployOutcome newerOutcome = harness.deployAndWait(service, newer);

    assertThatThrownBy(() -> harness.deployStub(older).getResult(DeployOutcome.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(newerOutcome.status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(harness.records.status(newer)).isEqualTo(DeploymentStatus.RUNNING);
    // markCancelled keeps the more precise status the newer deploy wrote.
    assertThat(harness.records.status(older)).isEqualTo(DeploymentStatus.SUPERSEDED);
    assertThat(harness.log.steps(older))
        .containsExactly(
            "supersedeOlder",
            "enterPhase:cloning",
            "checkout",
            "recordCommit:" + FakeSteps.COMMIT,
            "enterPhase:building",
            "buildAndPush:" + FakeSteps.COMMIT,
            "removeWorkspace",
            "markCancelled");
    assertThat(harness.log.indexOf("supersedeOlder", newer))
        .isLessThan(harness.log.indexOf("markCancelled", older));
  }

  @Test
  void supersedingAFinishedDeployIgnoresItsClosedWorkflow() {
    UUID older = harness.records.queue(service);
    harness.deployAndWait(service, older);
    // A row still active although its workflow is closed (e.g. the worker died mid-write).
    harness.records.setStatus(older, DeploymentStatus.BUILDING);

    UUID newer = harness.records.queue(service);
    DeployOutcome outcome = harness.deployAndWait(service, newer);

    assertThat(outcome.status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(harness.records.status(older)).isEqualTo(DeploymentStatus.SUPERSEDED);
  }

  @Test
  void cancellingADeployRecordsCancelledAndEndsTheWorkflowCancelled() throws Exception {
    UUID id = harness.records.queue(service);
    CountDownLatch building = new CountDownLatch(1);
    harness.steps.on("buildAndPush", id, Behaviour.blockUntilCancelled(building));
    harness.startDeploy(service, id);
    assertThat(building.await(20, TimeUnit.SECONDS)).isTrue();

    harness.deployStub(id).cancel();

    assertThatThrownBy(() -> harness.deployStub(id).getResult(DeployOutcome.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(harness.records.status(id)).isEqualTo(DeploymentStatus.CANCELLED);
    assertThat(harness.log.steps(id)).endsWith("buildAndPush:" + FakeSteps.COMMIT, "removeWorkspace", "markCancelled");
    assertThat(harness.deployStub(id).query("status", String.class)).isEqualTo("cancelled");
  }
}
