package io.deploymcp.workflows.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.workflows.DeploymentStatus;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.activities.BuildHost;
import io.deploymcp.workflows.fakes.WorkflowHarness;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A build host that vanishes after claiming a deployment. Real time on purpose: Temporal's
 * test server holds its clock while an activity waits to be picked up, so a schedule-to-start
 * timeout never fires under time skipping.
 */
class BuildHostTest {
  private final WorkflowHarness harness = new WorkflowHarness(false);
  private final UUID service = UUID.randomUUID();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void aHostThatNeverPicksUpIsTriedABoundedNumberOfTimesThenTheDeployFails() {
    harness.steps.buildHost(new BuildHost("deploy-mcp-test.host.gone", Duration.ofMillis(500)));
    UUID id = harness.records.queue(service);

    DeployOutcome outcome = harness.deployAndWait(service, id);

    assertThat(outcome.status()).isEqualTo(DeploymentStatus.FAILED);
    assertThat(outcome.errorCode()).isEqualTo(FailureCodes.INTERNAL_ERROR);
    assertThat(harness.records.failure(id).phase()).isEqualTo("cloning");
    assertThat(harness.records.failure(id).message()).contains("timed out");
    assertThat(harness.log.count("checkout", id)).isZero();
    assertThat(harness.log.steps(id)).filteredOn("enterPhase:cloning"::equals).hasSize(3);
  }
}
