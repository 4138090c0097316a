package io.deploymcp.kubestandin;

import static io.deploymcp.kubestandin.Manifests.MANAGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.kubestandin.apiserver.Ownership;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Server-side apply as the stand-in API server does it (no kubelet: objects stay as applied). */
class StandInServerSideApplyTest {

  private static StandInCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = StandInCluster.builder().kubelet(false).start();
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static String ns(TestInfo test) {
    String name = "ssa-" + test.getTestMethod().orElseThrow().getName().toLowerCase().replaceAll("[^a-z0-9]", "");
    return name.substring(0, Math.min(name.length(), 60));
  }

  @Test
  void standInApplyCreatesAnAbsentObjectWithManagedFields(TestInfo test) {
    Deployment applied = Manifests.apply(client, Manifests.deployment(ns(test), "web", "img:1", 2));

    Deployment stored = client.apps().deployments().inNamespace(ns(test)).withName("web").get();
    assertThat(stored.getMetadata().getUid()).isNotBlank();
    assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(stored.getMetadata().getResourceVersion()).isEqualTo(applied.getMetadata().getResourceVersion());
    assertThat(stored.getSpec().getReplicas()).isEqualTo(2);
    Ownership mine = Ownership.applyOf(stored, MANAGER).orElseThrow();
    assertThat(mine.operation()).isEqualTo("Apply");
    assertThat(mine.apiVersion()).isEqualTo("apps/v1");
    assertThat(mine.fields().dotted()).contains(".spec.replicas", ".metadata.labels.app",
        ".spec.template.spec.containers", ".spec.selector.matchLabels.app");
    assertThat(stored.getMetadata().getManagedFields().getFirst().getFieldsType()).isEqualTo("FieldsV1");
  }

  @Test
  void standInReapplyingTheSameSpecChangesNothing(TestInfo test) {
    Deployment first = Manifests.apply(client, Manifests.deployment(ns(test), "web", "img:1", 1));
    Deployment second = Manifests.apply(client, Manifests.deployment(ns(test), "web", "img:1", 1));

    assertThat(second.getMetadata().getResourceVersion()).isEqualTo(first.getMetadata().getResourceVersion());
    assertThat(second.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(second.getMetadata().getManagedFields()).isEqualTo(first.getMetadata().getManagedFields());
  }

  @Test
  void standInSpecChangeBumpsGenerationAndLabelChangeOnlyResourceVersion(TestInfo test) {
    Deployment v1 = Manifests.apply(client, Manifests.deployment(ns(test), "web", "img:1", 1));
    Deployment v2 = Manifests.apply(client, Manifests.deployment(ns(test), "web", "img:2", 1));
    assertThat(v2.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(Long.parseLong(v2.getMetadata().getResourceVersion()))
        .isGreaterThan(Long.parseLong(v1.getMetadata().getResourceVersion()));
    assertThat(v2.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo("img:2");

    Deployment labelled = Manifests.apply(client, new DeploymentBuilder(Manifests.deployment(ns(test), "web", "img:2", 1))
        .editMetadata().addToLabels("team", "a").endMetadata().build());
    assertThat(labelled.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(labelled.getMetadata().getResourceVersion()).isNotEqualTo(v2.getMetadata().getResourceVersion());
    assertThat(labelled.getMetadata().getLabels()).containsEntry("team", "a");
  }

  @Test
  void standInFieldsLeftOutOfTheConfigurationAreRemoved(TestInfo test) {
    Manifests.apply(client, new DeploymentBuilder(Manifests.deployment(ns(test), "web", "img:1", 1))
        .editMetadata().addToLabels("team", "a").addToAnnotations("note", "x").endMetadata().build());

    Deployment after = Manifests.apply(client, Manifests.deployment(ns(test), "web", "img:1", 1));

    assertThat(after.getMetadata().getLabels()).containsOnlyKeys("app");
    assertThat(after.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(Ownership.applyOf(after, MANAGER).orElseThrow().fields().dotted())
        .doesNotContain(".metadata.labels.team", ".metadata.annotations.note");
  }

  @Test
  void standInApplyConflictsWithAnotherManagersFieldUnlessForced(TestInfo test) {
    Manifests.apply(client, Manifests.deployment(ns(test), "web", "img:1", 1));
    Deployment scaledByOther = client.resource(Manifests.deployment(ns(test), "web", "img:1", 3))
        .fieldManager("autoscaler").forceConflicts().serverSideApply();
    assertThat(scaledByOther.getSpec().getReplicas()).isEqualTo(3);
    String versionBefore = scaledByOther.getMetadata().getResourceVersion();

    assertThatThrownBy(() -> client.resource(Manifests.deployment(ns(test), "web", "img:1", 1))
        .fieldManager(MANAGER).serverSideApply())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
          assertThat(e.getStatus().getMessage())
              .isEqualTo("Apply failed with 1 conflict: conflict with \"autoscaler\": .spec.replicas");
          assertThat(e.getStatus().getDetails().getCauses()).singleElement().satisfies(cause -> {
            assertThat(cause.getReason()).isEqualTo("FieldManagerConflict");
            assertThat(cause.getField()).isEqualTo(".spec.replicas");
          });
        });
    Deployment untouched = client.apps().deployments().inNamespace(ns(test)).withName("web").get();
    assertThat(untouched.getSpec().getReplicas()).isEqualTo(3);
    assertThat(untouched.getMetadata().getResourceVersion()).isEqualTo(versionBefore);

    Deployment forced = client.resource(Manifests.deployment(ns(test), "web", "img:1", 1))
        .fieldManager(MANAGER).forceConflicts().serverSideApply();

    assertThat(forced.getSpec().getReplicas()).isEqualTo(1);
    assertThat(Ownership.applyOf(forced, "autoscaler").orElseThrow().fields().dotted())
        .doesNotContain(".spec.replicas")
        .contains(".spec.template.spec.containers"); // same value as ours: still shared
    assertThat(Ownership.applyOf(forced, MANAGER).orElseThrow().fields().dotted()).contains(".spec.replicas");
  }

  @Test
  void standInApplyingAnEqualValueSharesOwnershipWithoutConflict(TestInfo test) {
    Manifests.apply(client, Manifests.deployment(ns(test), "web", "img:1", 2));
    Deployment other = client.resource(Manifests.deployment(ns(test), "web", "img:1", 2))
        .fieldManager("second-replica").serverSideApply(); // no force needed: nothing changes

    assertThat(Ownership.of(other)).extracting(Ownership::manager).containsExactly(MANAGER, "second-replica");
    assertThat(Ownership.applyOf(other, "second-replica").orElseThrow().fields().dotted()).contains(".spec.replicas");
  }

  @Test
  void standInApplyLeavesStatusAlone(TestInfo test) {
    Deployment applied = Manifests.apply(client, Manifests.deployment(ns(test), "web", "img:1", 1));
    client.apps().deployments().inNamespace(ns(test)).resource(applied).subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"readyReplicas\":1,\"replicas\":1}}");
    Deployment withStatus = client.apps().deployments().inNamespace(ns(test)).withName("web").get();

    Deployment reapplied = Manifests.apply(client, new DeploymentBuilder(Manifests.deployment(ns(test), "web", "img:1", 1))
        .withStatus(new DeploymentStatusBuilder().withReadyReplicas(0).build()).build());

    assertThat(reapplied.getStatus().getReadyReplicas()).isEqualTo(1);
    assertThat(reapplied.getMetadata().getResourceVersion()).isEqualTo(withStatus.getMetadata().getResourceVersion());
  }

  @Test
  void standInApplyWithAStaleResourceVersionConflicts(TestInfo test) {
    Deployment v1 = Manifests.apply(client, Manifests.deployment(ns(test), "web", "img:1", 1));
    Manifests.apply(client, Manifests.deployment(ns(test), "web", "img:2", 1));

    Deployment stale = new DeploymentBuilder(Manifests.deployment(ns(test), "web", "img:3", 1))
        .editMetadata().withResourceVersion(v1.getMetadata().getResourceVersion()).endMetadata().build();
    assertThatThrownBy(() -> Manifests.apply(client, stale))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  @Test
  void standInAppliesClusterScopedNamespacesAndStoresCronJobsAsIs(TestInfo test) {
    Manifests.namespace(client, ns(test));
    Namespace namespace = client.namespaces().withName(ns(test)).get();
    assertThat(namespace.getMetadata().getManagedFields()).isNotEmpty();

    CronJob cron = new CronJobBuilder()
        .withNewMetadata().withName("nightly").withNamespace(ns(test)).endMetadata()
        .withNewSpec().withSchedule("0 3 * * *")
          .withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec()
            .addNewContainer().withName("job").withImage("img:1").endContainer().withRestartPolicy("OnFailure")
          .endSpec().endTemplate().endSpec().endJobTemplate()
        .endSpec().build();
    client.resource(cron).fieldManager(MANAGER).forceConflicts().serverSideApply();
    CronJob again = client.resource(cron).fieldManager(MANAGER).forceConflicts().serverSideApply();

    CronJob stored = client.batch().v1().cronjobs().inNamespace(ns(test)).withName("nightly").get();
    assertThat(stored.getSpec().getSchedule()).isEqualTo("0 3 * * *");
    assertThat(stored.getMetadata().getResourceVersion()).isEqualTo(again.getMetadata().getResourceVersion());
    assertThat(client.batch().v1().jobs().inNamespace(ns(test)).list().getItems()).isEmpty();
  }

  @Test
  void standInApplyRejectsANameThatDiffersFromThePath(TestInfo test) {
    var configMap = new ConfigMapBuilder().withNewMetadata().withName("a").withNamespace(ns(test)).endMetadata()
        .addToData("k", "v").build();
    client.resource(configMap).fieldManager(MANAGER).serverSideApply();
    String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"b\"}}";

    assertThatThrownBy(() -> client.configMaps().inNamespace(ns(test)).withName("a")
        .patch(PatchContext.of(PatchType.SERVER_SIDE_APPLY), body))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(400));
    assertThat(client.configMaps().inNamespace(ns(test)).list().getItems())
        .extracting(c -> c.getMetadata().getName()).isEqualTo(List.of("a"));
  }
}
