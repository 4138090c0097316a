package io.deploymcp.worker.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.worker.failure.WorkerFailureCodes;
import io.deploymcp.worker.support.DeploymentRow;
import io.deploymcp.worker.support.Fixtures;
import io.deploymcp.worker.support.TestDatabase;
import io.deploymcp.worker.support.ThrownFailure;
import io.deploymcp.workflows.DeploymentStatus;
import io.deploymcp.workflows.activities.DeploymentFailure;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeploymentRecordActivitiesImplTest {
  private final Fixtures fixtures = new Fixtures();
  private final DeploymentRecordActivitiesImpl records =
      new DeploymentRecordActivitiesImpl(TestDatabase.jdbc());
  private final UUID tenant = fixtures.tenant();
  private final UUID service = fixtures.service(tenant, "https://git.example.com/a.git", "main");

  private UUID deployment(String environment, String status) {
    UUID id = fixtures.deployment(tenant, service, environment, "main");
    fixtures.setStatus(id, status);
    return id;
  }

  @Test
  void supersedesOnlyOlderActiveDeploymentsOfTheSameServiceAndEnvironment() {
    UUID olderQueued = deployment("production", "queued");
    UUID olderRunning = deployment("production", "running");
    UUID olderPreview = deployment("preview", "building");
    UUID olderBuilding = deployment("production", "building");
    UUID otherService =
        fixtures.deployment(
            tenant, fixtures.service(tenant, "https://git.example.com/b.git", "main"), "production", "main");
    UUID self = deployment("production", "queued");
    UUID newer = deployment("production", "queued");

    assertThat(records.supersedeOlder(self)).containsExactlyInAnyOrder(olderQueued, olderBuilding);

    assertThat(fixtures.row(olderQueued).status()).isEqualTo("superseded");
    assertThat(fixtures.row(olderQueued).finishedAt()).isNotNull();
    assertThat(fixtures.row(olderBuilding).status()).isEqualTo("superseded");
    assertThat(fixtures.row(olderRunning).status()).isEqualTo("running");
    assertThat(fixtures.row(olderPreview).status()).isEqualTo("building");
    assertThat(fixtures.row(otherService).status()).isEqualTo("queued");
    assertThat(fixtures.row(self).status()).isEqualTo("queued");
    assertThat(fixtures.row(newer).status()).isEqualTo("queued");
    assertThat(records.supersedeOlder(self)).isEmpty();
  }

  @Test
  void enterPhaseStampsEachPhaseAndKeepsTheFirstTimeOnRetry() {
    UUID id = deployment("production", "queued");

    assertThat(records.enterPhase(id, DeploymentStatus.CLONING)).isTrue();
    DeploymentRow cloning = fixtures.row(id);
    assertThat(records.enterPhase(id, DeploymentStatus.CLONING)).isTrue();
    assertThat(fixtures.row(id).cloningAt()).isEqualTo(cloning.cloningAt());
    assertThat(records.enterPhase(id, DeploymentStatus.BUILDING)).isTrue();
    assertThat(records.enterPhase(id, DeploymentStatus.DEPLOYING)).isTrue();

    DeploymentRow row = fixtures.row(id);
    assertThat(row.status()).isEqualTo("deploying");
    assertThat(row.cloningAt()).isNotNull();
    assertThat(row.buildingAt()).isAfterOrEqualTo(row.cloningAt());
    assertThat(row.deployingAt()).isAfterOrEqualTo(row.buildingAt());
    assertThat(row.finishedAt()).isNull();
  }

  @Test
  void enterPhaseRefusesAndChangesNothingOnceTheDeploymentIsTerminal() {
    UUID id = deployment("production", "superseded");

    assertThat(records.enterPhase(id, DeploymentStatus.BUILDING)).isFalse();

    assertThat(fixtures.row(id).status()).isEqualTo("superseded");
    assertThat(fixtures.row(id).buildingAt()).isNull();
  }

  @Test
  void markFailedRecordsTheStructuredErrorButNeverOverwritesATerminalStatus() {
    UUID active = deployment("production", "building");
    UUID superseded = deployment("production", "superseded");
    DeploymentFailure failure =
        new DeploymentFailure("building", "BUILDKIT_NOT_CONFIGURED", "no BuildKit", "set it", "tail");

    records.markFailed(active, failure);
    records.markFailed(superseded, failure);

    DeploymentRow row = fixtures.row(active);
    assertThat(row.status()).isEqualTo("failed");
    assertThat(row.finishedAt()).isNotNull();
    assertThat(row)
        .extracting(
            DeploymentRow::errorPhase,
            DeploymentRow::errorCode,
            DeploymentRow::errorMessage,
            DeploymentRow::errorHint,
            DeploymentRow::errorLogTail)
        .containsExactly("building", "BUILDKIT_NOT_CONFIGURED", "no BuildKit", "set it", "tail");
    assertThat(fixtures.row(superseded).status()).isEqualTo("superseded");
    assertThat(fixtures.row(superseded).errorCode()).isNull();
  }

  @Test
  void markCancelledKeepsSupersededAndCancelsActive() {
    UUID superseded = deployment("production", "superseded");
    UUID building = deployment("production", "building");

    records.markCancelled(superseded);
    records.markCancelled(building);

    assertThat(fixtures.row(superseded).status()).isEqualTo("superseded");
    assertThat(fixtures.row(building).status()).isEqualTo("cancelled");
    assertThat(fixtures.row(building).finishedAt()).isNotNull();
  }

  @Test
  void markRunningRecordsTheImageOnlyForAnActiveDeployment() {
    UUID deploying = deployment("production", "deploying");
    UUID cancelled = deployment("production", "cancelled");

    records.markRunning(deploying, "registry/app@sha256:abc");
    records.markRunning(cancelled, "registry/app@sha256:def");

    assertThat(fixtures.row(deploying).status()).isEqualTo("running");
    assertThat(fixtures.row(deploying).imageRef()).isEqualTo("registry/app@sha256:abc");
    assertThat(fixtures.row(cancelled).status()).isEqualTo("cancelled");
    assertThat(fixtures.row(cancelled).imageRef()).isNull();
    assertThat(fixtures.liveDeployment(service, "production")).isEqualTo(deploying);
  }

  @Test
  void theLiveDeploymentOfAnEnvironmentMovesOnlyWithASuccessfulRollout() {
    UUID first = deployment("production", "deploying");
    records.markRunning(first, "registry/app@sha256:abc");
    UUID failed = deployment("production", "deploying");
    UUID preview = deployment("preview", "deploying");

    records.markFailed(failed, new io.deploymcp.workflows.activities.DeploymentFailure("deploying", "CRASH_LOOP", "m", "h", null));
    records.markRunning(preview, "registry/app@sha256:def");

    assertThat(fixtures.liveDeployment(service, "production")).isEqualTo(first);
    assertThat(fixtures.liveDeployment(service, "preview")).isEqualTo(preview);
  }

  @Test
  void recordCommitStoresTheSha() {
    UUID id = deployment("production", "cloning");

    records.recordCommit(id, "3f786850e387550fdab836ed7e6dc881de23001b");

    assertThat(fixtures.row(id).commitSha()).isEqualTo("3f786850e387550fdab836ed7e6dc881de23001b");
  }

  @Test
  void cancelActiveDeploymentsCancelsOnlyActiveOnesOfTheService() {
    UUID queued = deployment("production", "queued");
    UUID preview = deployment("preview", "deploying");
    UUID running = deployment("production", "running");

    assertThat(records.cancelActiveDeployments(service)).containsExactlyInAnyOrder(queued, preview);

    assertThat(fixtures.row(queued).status()).isEqualTo("cancelled");
    assertThat(fixtures.row(preview).status()).isEqualTo("cancelled");
    assertThat(fixtures.row(running).status()).isEqualTo("running");
  }

  @Test
  void aMissingDeploymentIsARetryableNotFound() {
    UUID missing = UUID.randomUUID();

    for (ThrownFailure failure :
        new ThrownFailure[] {
          ThrownFailure.of(() -> records.supersedeOlder(missing)),
          ThrownFailure.of(() -> records.enterPhase(missing, DeploymentStatus.CLONING)),
          ThrownFailure.of(() -> records.recordCommit(missing, "abc"))
        }) {
      assertThat(failure.code()).isEqualTo(WorkerFailureCodes.DEPLOYMENT_NOT_FOUND);
      assertThat(failure.nonRetryable()).isFalse();
      assertThat(failure.hint()).contains("DP_DATABASE_URL");
    }
  }
}
