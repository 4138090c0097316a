package io.deploymcp.kube.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.deploymcp.kube.Specs;
import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.kube.spec.ProjectRef;
import io.deploymcp.kube.spec.ServiceDeploymentSpec;
import io.deploymcp.kubestandin.StandInCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Removing services from the Kubernetes stand-in, with its kubelet making ReplicaSets and Pods. */
class ClusterRemovalStandInTest {

  private static final ClusterSettings SETTINGS = ClusterSettings.defaults("apps.example.com");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final List<Class<? extends HasMetadata>> EVERY_KIND = List.of(Secret.class,
      Deployment.class, ReplicaSet.class, Pod.class, CronJob.class, Service.class, Ingress.class);

  private static StandInCluster cluster;
  private static KubernetesClient client;
  private final ClusterApplier applier = new ClusterApplier(client, SETTINGS);

  @BeforeAll
  static void start() {
    cluster = StandInCluster.start();
    client = StandInObjects.patientClient(cluster);
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
  }

  @Test
  void standInRemoveDeletesBothEnvironmentsAndKeepsTheNamespaceWhileAnotherServiceIsLeft() {
    ServiceDeploymentSpec production = Specs.web().project("acme", "remove").build();
    ServiceDeploymentSpec preview = Specs.web().project("acme", "remove").preview().deploymentId("pv-1").build();
    ServiceDeploymentSpec other = Specs.cron().project("acme", "remove").build();
    ProjectRef project = production.project();
    String ns = project.namespace();
    applier.apply(project, production, Specs.placeholderEnv(), () -> {});
    applier.apply(project, preview, Specs.placeholderEnv(), () -> {});
    applier.apply(project, other, Map.of(), () -> {});
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(StandInObjects.ofService(client, Pod.class, ns, "cool-api")).hasSize(2));

    RemovalResult result = applier.remove(project, "cool-api", TIMEOUT);

    assertThat(result).isEqualTo(new RemovalResult(8, false));
    for (Class<? extends HasMetadata> kind : EVERY_KIND) {
      assertThat(StandInObjects.ofService(client, kind, ns, "cool-api")).as(kind.getSimpleName()).isEmpty();
    }
    assertThat(client.namespaces().withName(ns).get()).isNotNull();
    assertThat(StandInObjects.ofService(client, CronJob.class, ns, "nightly-report")).hasSize(1);
    assertThat(StandInObjects.ofService(client, Secret.class, ns, "nightly-report")).hasSize(1);

    RemovalResult last = applier.remove(project, "nightly-report", TIMEOUT);

    assertThat(last).isEqualTo(new RemovalResult(2, true));
    assertThat(client.namespaces().withName(ns).get()).isNull();
    assertThat(client.network().v1().networkPolicies().inNamespace(ns).list().getItems()).isEmpty();
  }

  @Test
  void standInRemoveIsIdempotent() {
    ServiceDeploymentSpec spec = Specs.worker().project("acme", "again").build();
    applier.apply(spec.project(), spec, Map.of(), () -> {});

    assertThat(applier.remove(spec.project(), spec.service(), TIMEOUT)).isEqualTo(new RemovalResult(2, true));
    assertThat(applier.remove(spec.project(), spec.service(), TIMEOUT)).isEqualTo(new RemovalResult(0, false));
    assertThat(applier.remove(new ProjectRef("acme", "never-existed"), "ghost", TIMEOUT))
        .isEqualTo(new RemovalResult(0, false));
  }

  @Test
  void standInRemoveOfAnUnknownServiceKeepsTheOthersAndTheNamespace() {
    ServiceDeploymentSpec spec = Specs.web().project("acme", "unknown").build();
    applier.apply(spec.project(), spec, Map.of(), () -> {});

    assertThat(applier.remove(spec.project(), "not-there", TIMEOUT)).isEqualTo(new RemovalResult(0, false));

    assertThat(StandInObjects.ofService(client, Deployment.class, spec.project().namespace(), "cool-api"))
        .containsExactly("cool-api");
  }

  @Test
  void standInRemoveRefusesABadServiceName() {
    assertThatThrownBy(() -> applier.remove(new ProjectRef("acme", "x"), "Bad Name", TIMEOUT))
        .hasMessageContaining("service");
  }
}
