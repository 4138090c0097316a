package io.deploymcp.worker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.deploymcp.worker.failure.WorkerFailureCodes;
import io.deploymcp.worker.support.ThrownFailure;
import io.deploymcp.workflows.FailureCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterActivitiesImplTest {
  @TempDir Path tmp;

  private KubernetesAccess none() {
    return new KubernetesAccess(null, null, tmp.resolve("no-token"));
  }

  @Test
  void withoutAClusterApplyAndRolloutFailPermanentlyWithAHint() {
    var cluster = new ClusterActivitiesImpl(none());

    for (ThrownFailure failure :
        new ThrownFailure[] {
          ThrownFailure.of(() -> cluster.apply(UUID.randomUUID(), "r/a@sha256:1")),
          ThrownFailure.of(() -> cluster.awaitRollout(UUID.randomUUID()))
        }) {
      assertThat(failure.code()).isEqualTo(FailureCodes.KUBERNETES_NOT_CONFIGURED);
      assertThat(failure.nonRetryable()).isTrue();
      assertThat(failure.hint()).contains("KUBECONFIG");
    }
  }

  @Test
  void withoutAClusterRemovingAServiceSucceedsBecauseNothingWasApplied() {
    assertThatCode(() -> new ClusterActivitiesImpl(none()).removeService(UUID.randomUUID()))
        .doesNotThrowAnyException();
  }

  @Test
  void aKubeconfigPathThatIsNotAFileIsNotConfigured() {
    var access = new KubernetesAccess(tmp.resolve("missing").toString(), null, tmp.resolve("t"));

    assertThat(access.isConfigured()).isFalse();
    assertThat(access.describe()).contains("not a readable file").contains("KUBERNETES_NOT_CONFIGURED");
  }

  @Test
  void aReadableKubeconfigOrInClusterTokenCountsAsConfigured() throws Exception {
    Path kubeconfig = Files.writeString(tmp.resolve("config"), "apiVersion: v1\n");
    Path token = Files.writeString(tmp.resolve("token"), "t");

    assertThat(new KubernetesAccess(kubeconfig.toString(), null, tmp.resolve("x")).isConfigured()).isTrue();
    assertThat(new KubernetesAccess(null, "10.43.0.1", token).isConfigured()).isTrue();
    assertThat(new KubernetesAccess(null, null, token).isConfigured()).isFalse();
  }

  @Test
  void withAClusterSaysApplyIsNotPartOfThisReleaseInsteadOfPretending() throws Exception {
    Path kubeconfig = Files.writeString(tmp.resolve("config"), "apiVersion: v1\n");
    var cluster = new ClusterActivitiesImpl(new KubernetesAccess(kubeconfig.toString(), null, tmp));

    ThrownFailure apply = ThrownFailure.of(() -> cluster.apply(UUID.randomUUID(), "r/a@sha256:1"));
    ThrownFailure remove = ThrownFailure.of(() -> cluster.removeService(UUID.randomUUID()));

    assertThat(apply.code()).isEqualTo(WorkerFailureCodes.CLUSTER_NOT_IMPLEMENTED);
    assertThat(remove.code()).isEqualTo(WorkerFailureCodes.CLUSTER_NOT_IMPLEMENTED);
    assertThat(apply.nonRetryable()).isTrue();
  }
}
