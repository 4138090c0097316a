package io.deploymcp.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.worker.record.DeploymentRecordActivitiesImpl;
import io.deploymcp.worker.support.Fixtures;
import io.deploymcp.worker.support.TestDatabase;
import io.deploymcp.workflows.activities.DeploymentFailure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The finished counter counts a deployment once, at the terminal write that changed its row:
 * retried activities and later terminal writes (a cancel after a failure) count nothing.
 */
class DeployMetricsRecordTest {
  private final Fixtures fixtures = new Fixtures();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final DeploymentRecordActivitiesImpl records =
      new DeploymentRecordActivitiesImpl(TestDatabase.jdbc(), new DeployMetrics(registry));
  private final UUID tenant = fixtures.tenant();
  private final UUID service = fixtures.service(tenant, "https://git.example.com/a.git", "main");

  @Test
  void aFailureRetriedAndThenCancelledCountsOnceWithItsCode() {
    UUID id = fixtures.deployment(tenant, service, "preview", "main");
    DeploymentFailure failure = new DeploymentFailure("building", "BUILD_FAILED", "step 3 failed", "Fix it.", null);

    records.markFailed(id, failure);
    records.markFailed(id, failure);
    records.markCancelled(id);
    records.markRunning(id, "registry/x@sha256:00");

    assertThat(finished("failed", "BUILD_FAILED", "preview")).isEqualTo(1);
    assertThat(finished("cancelled", "none", "preview")).isZero();
    assertThat(finished("succeeded", "none", "preview")).isZero();
  }

  @Test
  void aSucceededDeployCountsOnceAndSupersededOnesByEnvironment() {
    UUID older = fixtures.deployment(tenant, service, "production", "main");
    UUID newer = fixtures.deployment(tenant, service, "production", "main");

    records.supersedeOlder(newer);
    records.supersedeOlder(newer);
    records.markRunning(newer, "registry/x@sha256:01");
    records.markRunning(newer, "registry/x@sha256:01");

    assertThat(finished("superseded", "none", "production")).isEqualTo(1);
    assertThat(finished("succeeded", "none", "production")).isEqualTo(1);
    // Called outside Temporal, each call is a first attempt; a retried activity would not count again.
    assertThat(registry.get("dp.deployment.queue.wait").timer().count()).isEqualTo(2);
    assertThat(fixtures.row(older).status()).isEqualTo("superseded");
  }

  @Test
  void aCodeOutsideTheReasonCodeShapeIsNotALabel() {
    assertThat(DeployMetrics.boundedCode(null)).isEqualTo("none");
    assertThat(DeployMetrics.boundedCode("KUBERNETES_NOT_CONFIGURED")).isEqualTo("KUBERNETES_NOT_CONFIGURED");
    assertThat(DeployMetrics.boundedCode("svc-name leaked: secret")).isEqualTo("OTHER");
  }

  private double finished(String outcome, String code, String environment) {
    var counter = registry.find("dp.deployments.finished")
        .tags("outcome", outcome, "code", code, "environment", environment).counter();
    return counter == null ? 0 : counter.count();
  }
}
