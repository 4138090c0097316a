package io.deploymcp.kube.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.deploymcp.kube.Specs;
import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.kube.spec.ProjectRef;
import io.deploymcp.kube.spec.ServiceDeploymentSpec;
import io.deploymcp.kube.access.ClusterComponent;
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
  private static final String HOLD = "deploy-mcp.test/hold";
  private static final io.fabric8.kubernetes.client.dsl.base.PatchContext MERGE =
      io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE);
  private static final List<Class<? extends HasMetadata>> EVERY_KIND = List.of(Secret.class,
      Deployment.class, ReplicaSet.class, Pod.class, CronJob.class, Service.class, Ingress.class);

  private static StandInCluster cluster;
  private static KubernetesClient client;
  /** The code under test calls as the worker (recorded for the helm module's RBAC check). */
  private static KubernetesClient worker;
  private final ClusterApplier applier = new ClusterApplier(worker, SETTINGS);

  @BeforeAll
  static void start() {
    cluster = StandInCluster.start();
    client = StandInObjects.patientClient(cluster);
    worker = StandInObjects.patientClient(cluster, ClusterComponent.WORKER);
  }

  @AfterAll
  static void stop() {
    worker.close();
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

  /**
   * On a cluster the garbage collector removes a deleted Deployment's ReplicaSets and Pods (and a
   * CronJob's Jobs) some time later; until then the removal's informers still see them undeleted
   * and delete them itself. The stand-in collects at once, so the leftovers are made here: the
   * same kinds with the service's labels and no owner left.
   */
  @Test
  void standInRemoveDeletesReplicaSetsPodsAndJobsTheGarbageCollectorHasNotReachedYet() {
    ServiceDeploymentSpec spec = Specs.worker().project("acme", "leftover").build();
    String ns = spec.project().namespace();
    applier.apply(spec.project(), spec, Map.of(), () -> {});
    Map<String, String> labels = Map.of(
        io.deploymcp.kube.manifest.Labels.MANAGED_BY, io.deploymcp.kube.manifest.Labels.MANAGER,
        io.deploymcp.kube.manifest.Labels.SERVICE, spec.service());
    client.apps().replicaSets().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
        .withNewMetadata().withName("left-rs").withLabels(labels).endMetadata()
        .withNewSpec().withReplicas(0).withNewSelector().withMatchLabels(labels).endSelector()
          .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
            .withNewSpec().addNewContainer().withName("app").withImage("img:1").endContainer().endSpec()
          .endTemplate().endSpec().build()).create();
    client.pods().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.PodBuilder()
        .withNewMetadata().withName("left-pod").withLabels(labels).endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("img:1").endContainer().endSpec().build()).create();
    client.batch().v1().jobs().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder()
        .withNewMetadata().withName("left-job").withLabels(labels).endMetadata()
        .withNewSpec().withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
          .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("app").withImage("img:1").endContainer()
          .endSpec().endTemplate().endSpec().build()).create();

    RemovalResult result = applier.remove(spec.project(), spec.service(), TIMEOUT);

    assertThat(result.namespaceDeleted()).isTrue();
    assertThat(client.apps().replicaSets().inNamespace(ns).withName("left-rs").get()).isNull();
    assertThat(client.pods().inNamespace(ns).withName("left-pod").get()).isNull();
    assertThat(client.batch().v1().jobs().inNamespace(ns).withName("left-job").get()).isNull();
  }

  /**
   * A namespace that is already terminating (a real namespace controller takes a while to empty
   * one; the stand-in's goes at once, so the test sets its deletionTimestamp): the removal
   * watches until it is gone.
   */
  @Test
  void standInRemoveWaitsOnAWatchForANamespaceThatIsAlreadyTerminating() throws Exception {
    String ns = new ProjectRef("acme", "terminating").namespace();
    client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
        .withNewMetadata().withName(ns).withFinalizers(HOLD).endMetadata().build()).create();
    // Terminating, held by the finalizer (the mock drops a deletionTimestamp given on create).
    client.namespaces().withName(ns).patch(MERGE, "{\"metadata\":{\"deletionTimestamp\":\"2026-11-23T20:00:00Z\"}}");
    cluster.clearRequests();

    var removal = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> applier.remove(new ProjectRef("acme", "terminating"), "cool-api", Duration.ofSeconds(60)),
        java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.requests().stream().anyMatch(r ->
        r.userAgent().startsWith("deploy-mcp-worker/") && r.attributes().resource().equals("namespaces")
            && r.attributes().verb().equals("watch")));
    assertThat(removal).isNotDone();
    client.namespaces().withName(ns).patch(MERGE, "{\"metadata\":{\"finalizers\":null}}"); // the controller is done

    assertThat(removal.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(new RemovalResult(0, false));
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
