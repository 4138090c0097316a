package io.deploymcp.workflows.delete;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.workflows.DeploymentStatus;
import io.deploymcp.workflows.deploy.DeployOutcome;
import io.deploymcp.workflows.fakes.Behaviour;
import io.deploymcp.workflows.fakes.WorkflowHarness;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.CanceledFailure;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeleteServiceWorkflowTest {
  private final WorkflowHarness harness = new WorkflowHarness(false);
  private final UUID service = UUID.randomUUID();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void deleteCancelsTheRunningDeployThenRemovesTheService() throws Exception {
    UUID deploying = harness.records.queue(service);
    CountDownLatch building = new CountDownLatch(1);
    harness.steps.on("buildAndPush", deploying, Behaviour.blockUntilCancelled(building));
    harness.startDeploy(service, deploying);
    assertThat(building.await(20, TimeUnit.SECONDS)).isTrue();

    harness.startDelete(service).getResult(Void.class);

    assertThatThrownBy(() -> harness.deployStub(deploying).getResult(DeployOutcome.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(harness.records.status(deploying)).isEqualTo(DeploymentStatus.CANCELLED);
    assertThat(harness.log.steps(service)).containsExactly("cancelActiveDeployments", "removeService");
    assertThat(harness.log.steps(deploying)).doesNotContain("apply").endsWith("markCancelled");
  }

  @Test
  void deleteWithoutActiveDeploysLeavesFinishedOnesAlone() {
    UUID finished = harness.records.queue(service);
    harness.deployAndWait(service, finished);

    harness.startDelete(service).getResult(Void.class);

    assertThat(harness.records.status(finished)).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(harness.log.steps(service)).containsExactly("cancelActiveDeployments", "removeService");
  }
}
