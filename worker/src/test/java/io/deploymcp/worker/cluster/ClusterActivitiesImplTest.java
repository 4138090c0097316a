package io.deploymcp.worker.cluster;

import io.deploymcp.worker.record.RolloutEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.kubestandin.StandInCluster;
import io.deploymcp.store.SecretCipher;
import io.deploymcp.worker.config.SecretKeyHolder;
import io.deploymcp.worker.env.ServiceEnv;
import io.deploymcp.worker.support.Fixtures;
import io.deploymcp.worker.support.TestDatabase;
import io.deploymcp.worker.support.ThrownFailure;
import io.deploymcp.workflows.FailureCodes;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster activities without a cluster, and against the Kubernetes stand-in (fabric8's
 * mock API server with server-side apply, and a kubelet stand-in: see kube-standin/).
 */
class ClusterActivitiesImplTest {
  private static final String KEY = SecretCipher.newBase64Key();
  private static final String IMAGE = "127.0.0.1:5000/dp-t-p/app@sha256:" + "ab".repeat(32);

  @TempDir Path tmp;
  private final Fixtures fixtures = new Fixtures();

  private KubernetesAccess none() {
    return new KubernetesAccess(null, null, tmp.resolve("no-token"));
  }

  private ClusterActivitiesImpl activities(KubernetesAccess access) {
    SecretKeyHolder keys = new SecretKeyHolder(KEY);
    return new ClusterActivitiesImpl(
        new Cluster(access, ClusterSettings.defaults("apps.example.test"), Duration.ofSeconds(20), Duration.ofSeconds(20)),
        new ClusterInputsRepository(TestDatabase.jdbc()),
        new ServiceEnv(TestDatabase.jdbc(), keys),
        new ProjectLocks(TestDatabase.dataSource()),
        new RolloutEvents(TestDatabase.jdbc()));
  }

  @Test
  void withoutAClusterApplyAndRolloutFailPermanentlyWithAHint() {
    var cluster = activities(none());

    for (ThrownFailure failure :
        new ThrownFailure[] {
          ThrownFailure.of(() -> cluster.apply(UUID.randomUUID(), IMAGE)),
          ThrownFailure.of(() -> cluster.awaitRollout(UUID.randomUUID()))
        }) {
      assertThat(failure.code()).isEqualTo(FailureCodes.KUBERNETES_NOT_CONFIGURED);
      assertThat(failure.nonRetryable()).isTrue();
      assertThat(failure.hint()).contains("KUBECONFIG");
    }
  }

  @Test
  void withoutAClusterRemovingAServiceSucceedsBecauseNothingWasApplied() {
    assertThatCode(() -> activities(none()).removeService(UUID.randomUUID())).doesNotThrowAnyException();
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

  private UUID deploying(UUID tenant, UUID service) {
    UUID id = fixtures.deployment(tenant, service, "production", "main");
    TestDatabase.jdbc()
        .sql("update deployments set status = 'deploying', image_ref = :image where id = :id")
        .param("image", IMAGE)
        .param("id", id)
        .update();
    return id;
  }

  @Test
  void onTheStandInClusterAServiceIsAppliedRollsOutAndIsRemovedWithItsNamespace() {
    try (StandInCluster standIn = StandInCluster.start()) {
      var cluster = activities(new KubernetesAccess(standIn.kubeconfig().toString(), null, tmp));
      UUID tenant = fixtures.tenant();
      UUID service = fixtures.service(tenant, "https://git.example.com/a.git", "main");
      fixtures.envVar(service, "DATABASE_URL", "postgres://user:pw@db/app", SecretCipher.fromBase64(KEY), true);
      UUID deployment = deploying(tenant, service);

      cluster.apply(deployment, IMAGE);
      cluster.awaitRollout(deployment);

      String name = fixtures.serviceName(service);
      Deployment applied =
          standIn.client().apps().deployments().inAnyNamespace().withLabel("app", name).list().getItems().getFirst();
      assertThat(applied.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo(IMAGE);
      String namespace = applied.getMetadata().getNamespace();
      // The watcher returns once this deployment's pods are ready; the controller stand-in
      // writes the Deployment's own status a moment later.
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                var status = standIn.client().apps().deployments().inNamespace(namespace)
                    .withName(applied.getMetadata().getName()).get().getStatus();
                return status != null && Integer.valueOf(1).equals(status.getAvailableReplicas());
              });

      cluster.removeService(service);

      assertThat(standIn.client().apps().deployments().inNamespace(namespace).list().getItems()).isEmpty();
      assertThat(standIn.client().namespaces().withName(namespace).get()).isNull();
    }
  }

  @Test
  void onTheStandInClusterACrashingServiceFailsWithCrashLoopAndItsPreviousLogs() {
    try (StandInCluster standIn = StandInCluster.start()) {
      var cluster = activities(new KubernetesAccess(standIn.kubeconfig().toString(), null, tmp));
      UUID tenant = fixtures.tenant();
      UUID service = fixtures.service(tenant, "https://git.example.com/a.git", "main");
      // The stand-in's kubelet reads this from the container's environment (the env Secret).
      fixtures.envVar(service, "KUBE_STANDIN_BEHAVIOUR", "crash-loop", SecretCipher.fromBase64(KEY), false);
      UUID deployment = deploying(tenant, service);

      cluster.apply(deployment, IMAGE);
      ThrownFailure failure = ThrownFailure.of(() -> cluster.awaitRollout(deployment));

      assertThat(failure.code()).isEqualTo("CRASH_LOOP");
      assertThat(failure.nonRetryable()).isTrue();
      assertThat(failure.hint()).isNotBlank();
      assertThat(failure.logTail()).isNotBlank();
    }
  }

  @Test
  void onTheStandInClusterASupersededDeploymentAppliesNothing() {
    try (StandInCluster standIn = StandInCluster.start()) {
      var cluster = activities(new KubernetesAccess(standIn.kubeconfig().toString(), null, tmp));
      UUID tenant = fixtures.tenant();
      UUID service = fixtures.service(tenant, "https://git.example.com/a.git", "main");
      UUID deployment = deploying(tenant, service);
      fixtures.setStatus(deployment, "superseded");

      ThrownFailure failure = ThrownFailure.of(() -> cluster.apply(deployment, IMAGE));

      assertThat(failure.code()).isEqualTo(ClusterActivitiesImpl.SUPERSEDED);
      assertThat(standIn.client().apps().deployments().inAnyNamespace().list().getItems()).isEmpty();
    }
  }
}
