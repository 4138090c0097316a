package io.deploymcp.worker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.store.SecretCipher;
import io.deploymcp.worker.support.EngineSupport;
import io.deploymcp.worker.support.Fixtures;
import io.deploymcp.worker.support.GitRepos;
import io.deploymcp.worker.support.WorkerTestEnvironment;
import io.deploymcp.worker.support.WorkerTestEnvironment.Builds;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.deploy.DeployOutcome;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builds that do not end by themselves: BuildKit not answering, a build over its time
 * limit, and a build whose deploy is cancelled. Whole deploys with the real activities.
 */
class BuildLimitsDeployTest {
  @TempDir Path tmp;
  private final Fixtures fixtures = new Fixtures();
  private final UUID tenant = fixtures.tenant();

  private UUID service(String dockerfile) {
    Path repo = GitRepos.withMain(tmp, "app-" + UUID.randomUUID());
    GitRepos.commitFiles(
        repo, Map.of("Dockerfile", dockerfile.replace("{nonce}", UUID.randomUUID().toString())), "app");
    UUID service = fixtures.service(tenant, GitRepos.fileUrl(repo), "main");
    fixtures.buildConfig(service, "dockerfile", "", "Dockerfile");
    return service;
  }

  @Test
  void aBuildKitThatDoesNotAnswerIsRetriedThenBuildkitUnreachable() {
    // No daemon behind this socket, and no registry either: the skip check's failure must not
    // hide which of the two is the problem.
    Builds nowhere =
        new Builds("unix://" + tmp.resolve("no-buildkitd.sock"), "127.0.0.1:1", Map.of(), Duration.ofMinutes(1));
    try (WorkerTestEnvironment worker = new WorkerTestEnvironment(SecretCipher.newBase64Key(), tmp.resolve("t"), nowhere)) {
      UUID service = service("FROM scratch\n");
      UUID deployment = fixtures.deployment(tenant, service, "production", "main");

      DeployOutcome outcome = worker.deploy(tenant, service, deployment);

      assertThat(outcome.errorCode()).isEqualTo(FailureCodes.BUILDKIT_UNREACHABLE);
      assertThat(fixtures.row(deployment).errorHint()).contains("BUILDKIT_HOST");
      assertThat(fixtures.buildLog(deployment)).anyMatch(line -> line.contains("skip check"));
    }
  }

  @Test
  void aBuildOverItsTimeLimitIsStoppedWithBuildTimeout() {
    EngineSupport.requireEngine(EngineSupport.BUSYBOX);
    Builds quick = Builds.engine().withTimeout(Duration.ofSeconds(3));
    try (WorkerTestEnvironment worker = new WorkerTestEnvironment(SecretCipher.newBase64Key(), tmp.resolve("t"), quick)) {
      UUID service = service("FROM " + EngineSupport.BUSYBOX + "\nRUN echo {nonce} && sleep 60\n");
      UUID deployment = fixtures.deployment(tenant, service, "production", "main");
      Instant start = Instant.now();

      DeployOutcome outcome = worker.deploy(tenant, service, deployment);

      assertThat(outcome.errorCode()).isEqualTo(FailureCodes.BUILD_TIMEOUT);
      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(40));
      assertThat(fixtures.row(deployment).errorHint()).contains("DP_BUILD_TIMEOUT");
    }
  }

  @Test
  void aBuildTheDaemonReportsNothingAboutIsStoppedWithBuildStalledLongBeforeItsTimeLimit() {
    EngineSupport.requireEngine(EngineSupport.BUSYBOX);
    Builds stalling = Builds.engine().withStallTimeout(Duration.ofSeconds(3));
    try (WorkerTestEnvironment worker = new WorkerTestEnvironment(SecretCipher.newBase64Key(), tmp.resolve("t"), stalling)) {
      // After its echo the step prints nothing: to the client that is a daemon gone quiet.
      UUID service = service("FROM " + EngineSupport.BUSYBOX + "\nRUN echo {nonce} && sleep 120\n");
      UUID deployment = fixtures.deployment(tenant, service, "production", "main");
      Instant start = Instant.now();

      DeployOutcome outcome = worker.deploy(tenant, service, deployment);

      assertThat(outcome.errorCode()).isEqualTo(FailureCodes.BUILD_STALLED);
      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(60));
      assertThat(fixtures.row(deployment).status()).isEqualTo("failed");
      assertThat(fixtures.row(deployment).errorHint()).contains("DP_BUILD_STALL_TIMEOUT").contains("PT3S");
    }
  }

  @Test
  void aStepThatKeepsPrintingIsNotStalledThoughItOutlastsTheStallLimit() {
    EngineSupport.requireEngine(EngineSupport.BUSYBOX);
    Builds stalling = Builds.engine().withStallTimeout(Duration.ofSeconds(3));
    try (WorkerTestEnvironment worker = new WorkerTestEnvironment(SecretCipher.newBase64Key(), tmp.resolve("t"), stalling)) {
      UUID service = service("FROM " + EngineSupport.BUSYBOX
          + "\nRUN echo {nonce} && for i in 1 2 3 4 5 6 7; do echo tick $i; sleep 1; done\n");
      UUID deployment = fixtures.deployment(tenant, service, "production", "main");

      DeployOutcome outcome = worker.deploy(tenant, service, deployment);

      assertThat(outcome.errorCode()).as("%s", outcome).isNotEqualTo(FailureCodes.BUILD_STALLED);
      assertThat(fixtures.buildLog(deployment)).anyMatch(line -> line.contains("tick 7"));
    }
  }

  @Test
  void cancellingADeployCancelsItsRunningBuild() {
    EngineSupport.requireEngine(EngineSupport.BUSYBOX);
    try (WorkerTestEnvironment worker =
        new WorkerTestEnvironment(SecretCipher.newBase64Key(), tmp.resolve("t"), Builds.engine())) {
      UUID service = service("FROM " + EngineSupport.BUSYBOX + "\nRUN echo started-{nonce} && sleep 120\n");
      UUID deployment = fixtures.deployment(tenant, service, "production", "main");
      WorkflowStub workflow = worker.startDeploy(tenant, service, deployment);
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> fixtures.buildLog(deployment).stream().anyMatch(l -> l.contains("started-")));
      Instant cancelled = Instant.now();

      workflow.cancel();

      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> fixtures.row(deployment).finishedAt() != null);
      assertThat(Duration.between(cancelled, Instant.now())).isLessThan(Duration.ofSeconds(20));
      assertThat(fixtures.row(deployment).status()).isEqualTo("cancelled");
      assertThat(fixtures.buildLog(deployment)).anyMatch(line -> line.contains("build cancelled"));
      try {
        workflow.getResult(DeployOutcome.class);
      } catch (WorkflowFailedException expected) {
        // The workflow ends cancelled.
      }
      assertThat(worker.workspaces().toFile().list()).isEmpty();
    }
  }
}
