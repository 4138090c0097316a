package io.deploymcp.workflows.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.workflows.DeploymentStatus;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.WorkflowIds;
import io.deploymcp.workflows.deploy.DeployOutcome;
import io.deploymcp.workflows.fakes.Behaviour;
import io.deploymcp.workflows.fakes.WorkflowHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Regenerates the committed histories under src/test/resources/histories (see the module
 * README). Off by default: a normal build replays the committed files instead. Run it only
 * for an intended, versioned workflow change, and keep the old files when running
 * executions of the old code must still replay.
 */
@EnabledIfSystemProperty(named = "dp.recordHistories", matches = "true")
class HistoryRecorder {
  private static final Path OUT =
      Path.of(System.getProperty("basedir", "."), "src/test/resources/histories");

  private static UUID id(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void recordDeployOutcomes() throws IOException {
    try (WorkflowHarness harness = new WorkflowHarness(true)) {
      UUID service = id("service-outcomes");

      UUID running = harness.records.queue(service, id("deploy-running"));
      harness.deployAndWait(service, running);
      save(harness, WorkflowIds.deploy(running), "deploy-running");

      UUID buildkit = harness.records.queue(service, id("deploy-buildkit-not-configured"));
      harness.steps.on(
          "buildAndPush",
          buildkit,
          Behaviour.failWith(
              FailureCodes.BUILDKIT_NOT_CONFIGURED, "no BuildKit is configured", "set BUILDKIT_HOST"));
      harness.deployAndWait(service, buildkit);
      save(harness, WorkflowIds.deploy(buildkit), "deploy-buildkit-not-configured");

      UUID published = harness.records.queue(service, id("deploy-existing-image"));
      harness.startDeploy(service, published, "registry.local/app@sha256:" + "ab".repeat(32));
      harness.deployStub(published).getResult(io.deploymcp.workflows.deploy.DeployOutcome.class);
      save(harness, WorkflowIds.deploy(published), "deploy-existing-image");

      UUID lost = harness.records.queue(service, id("deploy-workspace-lost"));
      harness.steps.on(
          "buildAndPush",
          lost,
          Behaviour.once(
              Behaviour.failWith(FailureCodes.WORKSPACE_LOST, "no workspace here", "redeploy")));
      harness.deployAndWait(service, lost);
      save(harness, WorkflowIds.deploy(lost), "deploy-workspace-lost");

      UUID internal = harness.records.queue(service, id("deploy-internal-error"));
      harness.steps.on("awaitRollout", internal, Behaviour.crash("unexpected"));
      harness.deployAndWait(service, internal);
      save(harness, WorkflowIds.deploy(internal), "deploy-internal-error");

      UUID stopped = harness.records.queue(service, id("deploy-stopped-before-build"));
      harness.steps.on(
          "checkout", stopped, d -> harness.records.setStatus(d, DeploymentStatus.SUPERSEDED));
      harness.deployAndWait(service, stopped);
      save(harness, WorkflowIds.deploy(stopped), "deploy-stopped-before-build");
    }
  }

  @Test
  void recordCancellations() throws Exception {
    try (WorkflowHarness harness = new WorkflowHarness(false)) {
      UUID service = id("service-cancellations");

      UUID cancelled = harness.records.queue(service, id("deploy-cancelled"));
      CountDownLatch building = new CountDownLatch(1);
      harness.steps.on("buildAndPush", cancelled, Behaviour.blockUntilCancelled(building));
      harness.startDeploy(service, cancelled);
      assertThat(building.await(20, TimeUnit.SECONDS)).isTrue();
      harness.deployStub(cancelled).cancel();
      awaitClosed(harness, cancelled);
      save(harness, WorkflowIds.deploy(cancelled), "deploy-cancelled");

      UUID older = harness.records.queue(service, id("deploy-superseded"));
      CountDownLatch olderBuilding = new CountDownLatch(1);
      harness.steps.on("buildAndPush", older, Behaviour.blockUntilCancelled(olderBuilding));
      harness.startDeploy(service, older);
      assertThat(olderBuilding.await(20, TimeUnit.SECONDS)).isTrue();
      UUID newer = harness.records.queue(service, id("deploy-superseding"));
      harness.deployAndWait(service, newer);
      awaitClosed(harness, older);
      save(harness, WorkflowIds.deploy(older), "deploy-superseded");
      save(harness, WorkflowIds.deploy(newer), "deploy-superseding");

      UUID deleted = harness.records.queue(service, id("deploy-deleted"));
      CountDownLatch deletedBuilding = new CountDownLatch(1);
      harness.steps.on("buildAndPush", deleted, Behaviour.blockUntilCancelled(deletedBuilding));
      harness.startDeploy(service, deleted);
      assertThat(deletedBuilding.await(20, TimeUnit.SECONDS)).isTrue();
      harness.startDelete(service).getResult(Void.class);
      awaitClosed(harness, deleted);
      save(harness, WorkflowIds.deleteService(service), "delete-service");
    }
  }

  private static void awaitClosed(WorkflowHarness harness, UUID deploymentId) {
    try {
      harness.deployStub(deploymentId).getResult(DeployOutcome.class);
    } catch (RuntimeException expectedCancellation) {
      // Cancelled workflows end with a CanceledFailure; only their history matters here.
    }
  }

  private static void save(WorkflowHarness harness, String workflowId, String name)
      throws IOException {
    Files.createDirectories(OUT);
    Files.writeString(OUT.resolve(name + ".json"), harness.historyJson(workflowId) + "\n");
  }
}
