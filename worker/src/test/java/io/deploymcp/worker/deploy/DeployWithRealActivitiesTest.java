package io.deploymcp.worker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.store.SecretCipher;
import io.deploymcp.worker.support.DeploymentRow;
import io.deploymcp.worker.support.Fixtures;
import io.deploymcp.worker.support.GitRepos;
import io.deploymcp.worker.support.WorkerTestEnvironment;
import io.deploymcp.workflows.DeploymentStatus;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.deploy.DeployOutcome;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole deploys through Temporal with the worker's real activities, database and git. */
class DeployWithRealActivitiesTest {
  @TempDir Path tmp;
  private WorkerTestEnvironment worker;
  private final Fixtures fixtures = new Fixtures();
  private final UUID tenant = fixtures.tenant();

  @BeforeEach
  void start() {
    worker = new WorkerTestEnvironment(SecretCipher.newBase64Key(), tmp.resolve("no-token"));
  }

  @AfterEach
  void stop() {
    worker.close();
  }

  @Test
  void aDeployWithNothingConfiguredEndsFailedWithBuildkitNotConfigured() {
    Path repo = GitRepos.withMain(tmp, "app");
    UUID service = fixtures.service(tenant, GitRepos.fileUrl(repo), "main");
    UUID deployment = fixtures.deployment(tenant, service, "production", "main");

    DeployOutcome outcome = worker.deploy(tenant, service, deployment);

    assertThat(outcome.status()).isEqualTo(DeploymentStatus.FAILED);
    assertThat(outcome.errorCode()).isEqualTo(FailureCodes.BUILDKIT_NOT_CONFIGURED);
    DeploymentRow row = fixtures.row(deployment);
    assertThat(row.status()).isEqualTo("failed");
    assertThat(row.errorPhase()).isEqualTo("building");
    assertThat(row.errorCode()).isEqualTo("BUILDKIT_NOT_CONFIGURED");
    assertThat(row.errorMessage()).isEqualTo("no BuildKit is configured");
    assertThat(row.errorHint()).contains("BUILDKIT_HOST");
    assertThat(row.commitSha()).isEqualTo(GitRepos.head(repo, "main"));
    assertThat(row.cloningAt()).isNotNull();
    assertThat(row.buildingAt()).isAfterOrEqualTo(row.cloningAt());
    assertThat(row.deployingAt()).isNull();
    assertThat(row.finishedAt()).isAfterOrEqualTo(row.buildingAt());
  }

  @Test
  void anUnknownBranchEndsFailedWithRefNotFoundWhileCloning() {
    Path repo = GitRepos.withMain(tmp, "app");
    UUID service = fixtures.service(tenant, GitRepos.fileUrl(repo), "main");
    UUID deployment = fixtures.deployment(tenant, service, "production", "release-9");

    DeployOutcome outcome = worker.deploy(tenant, service, deployment);

    assertThat(outcome.errorCode()).isEqualTo(FailureCodes.BRANCH_NOT_FOUND);
    DeploymentRow row = fixtures.row(deployment);
    assertThat(row.status()).isEqualTo("failed");
    assertThat(row.errorPhase()).isEqualTo("cloning");
    assertThat(row.errorHint()).contains("main");
    assertThat(row.commitSha()).isNull();
    assertThat(row.buildingAt()).isNull();
  }

  @Test
  void aNewerDeploySupersedesAnOlderOneThatIsStillQueued() {
    Path repo = GitRepos.withMain(tmp, "app");
    UUID service = fixtures.service(tenant, GitRepos.fileUrl(repo), "main");
    // The older deploy's workflow has not run yet (e.g. the worker was down).
    UUID older = fixtures.deployment(tenant, service, "production", "main");
    UUID newer = fixtures.deployment(tenant, service, "production", "main");

    worker.deploy(tenant, service, newer);
    DeployOutcome olderOutcome = worker.deploy(tenant, service, older);

    assertThat(fixtures.row(older).status()).isEqualTo("superseded");
    assertThat(fixtures.row(older).cloningAt()).isNull();
    assertThat(olderOutcome.status()).isEqualTo(DeploymentStatus.CANCELLED);
    assertThat(fixtures.row(newer).status()).isEqualTo("failed");
  }

  @Test
  void deletingAServiceCancelsItsActiveDeploymentsAndSucceedsWithoutACluster() {
    UUID service = fixtures.service(tenant, "https://git.example.com/a.git", "main");
    UUID queued = fixtures.deployment(tenant, service, "production", "main");

    worker.deleteService(tenant, service);

    assertThat(fixtures.row(queued).status()).isEqualTo("cancelled");
    assertThat(fixtures.row(queued).finishedAt()).isNotNull();
  }
}
