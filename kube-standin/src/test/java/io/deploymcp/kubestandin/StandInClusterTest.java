package io.deploymcp.kubestandin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.deploymcp.kubestandin.apiserver.ApiRequest;
import io.deploymcp.kubestandin.apiserver.AuthorizationRecord;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-in as a server: kubeconfig for another process, watches, delete, logs, selectors. */
class StandInClusterTest {

  @Test
  void standInKubeconfigAloneReachesTheServerWithVerifiedTls() throws Exception {
    Path kubeconfig;
    try (StandInCluster cluster = StandInCluster.builder().kubelet(false).start()) {
      kubeconfig = cluster.kubeconfig();
      assertThat(Files.readString(kubeconfig)).contains("server: https://127.0.0.1:" + cluster.port())
          .contains("certificate-authority-data:").doesNotContain("insecure-skip-tls-verify");

      Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
      assertThat(config.isTrustCerts()).isFalse();
      try (KubernetesClient other = new KubernetesClientBuilder().withConfig(config).build()) {
        other.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
            .withNewMetadata().withName("from-elsewhere").endMetadata().addToData("k", "v").build()).create();
        Queue<String> seen = new ConcurrentLinkedQueue<>();
        try (Watch watch = other.configMaps().inNamespace("default").watch(recorder(seen))) {
          cluster.client().configMaps().inNamespace("default").withName("from-elsewhere")
              .edit(c -> new ConfigMapBuilder(c).addToData("k2", "v2").build());
          await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("MODIFIED ConfigMap from-elsewhere"));
        }
        assertThat(other.getKubernetesVersion().getGitVersion()).contains("kube-standin");
      }
      ConfigMap read = cluster.client().configMaps().inNamespace("default").withName("from-elsewhere").get();
      assertThat(read.getData()).containsEntry("k2", "v2");
    }
    assertThat(kubeconfig).doesNotExist();
  }

  @Test
  void standInWatchesDeliverDeploymentReplicaSetPodAndEventChanges() {
    try (StandInCluster cluster = StandInCluster.start()) {
      KubernetesClient client = cluster.client();
      String ns = "watch-test";
      Queue<String> seen = new ConcurrentLinkedQueue<>();
      List<Watch> watches = List.of(
          client.apps().deployments().inNamespace(ns).watch(recorder(seen)),
          client.apps().replicaSets().inNamespace(ns).watch(recorder(seen)),
          client.pods().inNamespace(ns).watch(recorder(seen)),
          client.v1().events().inNamespace(ns).watch(recorder(seen)));
      try {
        Manifests.apply(client, Manifests.deployment(ns, "web", "img:1", 1));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(seen).contains(
            "ADDED Deployment web", "MODIFIED Deployment web", "ADDED ReplicaSet", "MODIFIED ReplicaSet",
            "ADDED Pod", "MODIFIED Pod", "ADDED Event"));

        client.apps().deployments().inNamespace(ns).withName("web").delete();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(seen).contains(
            "DELETED Deployment web", "DELETED ReplicaSet", "DELETED Pod"));
      } finally {
        watches.forEach(Watch::close);
      }
    }
  }

  @Test
  void standInDeleteTakesDependentsAlongUnlessOrphaned() {
    try (StandInCluster cluster = StandInCluster.builder().kubelet(false).start()) {
      KubernetesClient client = cluster.client();
      String ns = "gc";
      Deployment web = Manifests.apply(client, Manifests.deployment(ns, "web", "img:1", 1));
      ReplicaSet rs = client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder()
          .withNewMetadata().withName("web-abc").addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment")
            .withName("web").withUid(web.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata()
          .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "web").endSelector()
            .withTemplate(web.getSpec().getTemplate()).endSpec()
          .build()).create();
      client.pods().inNamespace(ns).resource(pod("web-abc-x1", rs)).create();
      client.pods().inNamespace(ns).resource(pod("unrelated", null)).create();

      client.apps().deployments().inNamespace(ns).withName("web").withPropagationPolicy(DeletionPropagation.FOREGROUND)
          .delete();

      assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).isEmpty();
      assertThat(names(client.pods().inNamespace(ns).list().getItems())).containsExactly("unrelated");

      Deployment again = Manifests.apply(client, Manifests.deployment(ns, "web", "img:1", 1));
      client.pods().inNamespace(ns).resource(pod("owned-by-deployment", again)).create();
      client.apps().deployments().inNamespace(ns).withName("web").withPropagationPolicy(DeletionPropagation.ORPHAN)
          .delete();
      assertThat(names(client.pods().inNamespace(ns).list().getItems()))
          .containsExactlyInAnyOrder("unrelated", "owned-by-deployment");

      Deployment ghost = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(again).editMetadata()
          .withUid("0a0b0c0d-0000-0000-0000-00000000dead").endMetadata().build();
      client.pods().inNamespace(ns).resource(pod("late-for-a-deleted-owner", ghost)).create();
      assertThat(client.pods().inNamespace(ns).withName("late-for-a-deleted-owner").get()).isNull();

      Manifests.namespace(client, ns);
      client.namespaces().withName(ns).delete();
      assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
      assertThat(client.namespaces().withName(ns).get()).isNull();
    }
  }

  @Test
  void standInServesCurrentAndPreviousContainerLogs() {
    try (StandInCluster cluster = StandInCluster.builder().kubelet(false).start()) {
      KubernetesClient client = cluster.client();
      client.pods().inNamespace("logs").resource(pod("web-1", null)).create();
      cluster.containerLogs().started("logs", "web-1", "app", List.of("one", "two", "three"));
      cluster.containerLogs().terminated("logs", "web-1", "app");
      cluster.containerLogs().started("logs", "web-1", "app", List.of("after restart"));

      var pod = client.pods().inNamespace("logs").withName("web-1");
      assertThat(pod.getLog()).isEqualTo("after restart\n");
      assertThat(pod.inContainer("app").terminated().getLog()).isEqualTo("one\ntwo\nthree\n");
      assertThat(pod.inContainer("app").terminated().tailingLines(2).getLog()).isEqualTo("two\nthree\n");

      client.pods().inNamespace("logs").resource(pod("fresh", null)).create();
      cluster.containerLogs().started("logs", "fresh", "app", List.of("first"));
      assertThatThrownBy(() -> client.pods().inNamespace("logs").withName("fresh").inContainer("app").terminated()
          .getLog())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(400);
            assertThat(e.getMessage()).contains("previous terminated container \"app\" in pod \"fresh\" not found");
          });
      assertThatThrownBy(() -> client.pods().inNamespace("logs").withName("missing").getLog())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }
  }

  @Test
  void standInEvaluatesFieldSelectorsOnAnyFieldForListAndWatch() {
    try (StandInCluster cluster = StandInCluster.builder().kubelet(false).start()) {
      KubernetesClient client = cluster.client();
      client.v1().events().inNamespace("sel").resource(event("e1", "web-1", "Started")).create();
      client.v1().events().inNamespace("sel").resource(event("e2", "web-2", "BackOff")).create();

      assertThat(names(client.v1().events().inNamespace("sel").withField("involvedObject.name", "web-1").list()
          .getItems())).containsExactly("e1");
      assertThat(names(client.v1().events().inNamespace("sel").withoutField("involvedObject.name", "web-1").list()
          .getItems())).containsExactly("e2");
      assertThat(names(client.v1().events().inNamespace("sel").withField("metadata.name", "e2").list().getItems()))
          .containsExactly("e2");

      Queue<String> seen = new ConcurrentLinkedQueue<>();
      try (Watch watch = client.v1().events().inNamespace("sel").withField("involvedObject.name", "web-2")
          .watch(recorder(seen))) {
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("ADDED Event e2"));
        client.v1().events().inNamespace("sel").resource(event("e3", "web-2", "Failed")).create();
        client.v1().events().inNamespace("sel").resource(event("e4", "web-1", "Failed")).create();
        client.v1().events().inNamespace("sel").withName("e2").edit(e -> {
          e.setCount(2);
          return e;
        });
        client.v1().events().inNamespace("sel").withName("e3").delete();
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("DELETED Event e3"));
        assertThat(seen).contains("ADDED Event e3", "MODIFIED Event e2").doesNotContain("ADDED Event e4");
      }

      try (SharedIndexInformer<Event> informer = client.v1().events().inNamespace("sel")
          .withField("involvedObject.name", "web-1").inform()) {
        assertThat(names(informer.getStore().list())).containsExactlyInAnyOrder("e1", "e4");
        client.v1().events().inNamespace("sel").resource(event("e5", "web-1", "Pulled")).create();
        await().atMost(Duration.ofSeconds(5)).until(() -> names(informer.getStore().list()).contains("e5"));
      }
    }
  }

  private static Event event(String name, String pod, String reason) {
    return new EventBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewInvolvedObject().withKind("Pod").withName(pod).withNamespace("sel").endInvolvedObject()
        .withReason(reason).withType("Normal").withMessage(reason).build();
  }

  @Test
  void standInRecordsApiRequestsWithTheirUserAgent() {
    try (StandInCluster cluster = StandInCluster.start()) {
      cluster.clearRequests();
      Manifests.apply(cluster.client(), Manifests.deployment("count", "web", "img:1", 1));
      Manifests.apply(cluster.client(), Manifests.deployment("count", "web", "img:1", 1));

      await().atMost(Duration.ofSeconds(10)).until(() -> cluster.requests().stream()
          .anyMatch(r -> r.userAgent() != null && r.userAgent().startsWith("kube-standin-kubelet")));
      List<ApiRequest> platform = cluster.requests().stream()
          .filter(r -> r.userAgent() == null || !r.userAgent().startsWith("kube-standin-kubelet"))
          .toList();
      assertThat(platform).hasSize(2).allMatch(ApiRequest::isApply);
    }
  }

  @Test
  void standInAppendsEachDistinctAuthorizationWithItsUserAgentToTheRecordFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("records/kube-requests.jsonl");
    String before = System.getProperty(AuthorizationRecord.FILE_PROPERTY);
    System.setProperty(AuthorizationRecord.FILE_PROPERTY, file.toString());
    try (StandInCluster cluster = StandInCluster.builder().kubelet(false).start()) {
      Config config = Config.fromKubeconfig(cluster.kubeconfigYaml());
      config.setUserAgent("deploy-mcp-worker/test");
      try (KubernetesClient worker = new KubernetesClientBuilder().withConfig(config).build()) {
        Manifests.apply(worker, Manifests.deployment("rec", "web", "img:1", 1)); // creates: patch + create
        Manifests.apply(worker, Manifests.deployment("rec", "web", "img:1", 1)); // no-op: patch again
        worker.apps().deployments().inNamespace("rec").list();
        worker.apps().deployments().inNamespace("rec").withName("web").get();
        worker.apps().deployments().inNamespace("rec").withName("web").delete();
      }
    } finally {
      if (before == null) {
        System.clearProperty(AuthorizationRecord.FILE_PROPERTY);
      } else {
        System.setProperty(AuthorizationRecord.FILE_PROPERTY, before);
      }
    }

    List<String> lines = Files.readAllLines(file).stream().filter(l -> l.contains("deploy-mcp-worker/test")).toList();
    assertThat(lines).containsExactlyInAnyOrder(
        line("patch"), line("create"), line("list"), line("get"), line("delete"));
  }

  private static String line(String verb) {
    return "{\"userAgent\":\"deploy-mcp-worker/test\",\"verb\":\"" + verb
        + "\",\"apiGroup\":\"apps\",\"resource\":\"deployments\",\"subresource\":\"\"}";
  }

  private static Pod pod(String name, HasMetadata owner) {
    PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("img:1").endContainer().endSpec();
    if (owner != null) {
      pod.editMetadata().addNewOwnerReference().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
          .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true)
          .endOwnerReference().endMetadata();
    }
    return pod.build();
  }

  private static List<String> names(List<? extends HasMetadata> items) {
    return items.stream().map(i -> i.getMetadata().getName()).toList();
  }

  /** Records "ACTION Kind name" and "ACTION Kind" for each event. */
  private static <T extends HasMetadata> Watcher<T> recorder(Queue<String> seen) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T resource) {
        seen.add(action + " " + resource.getKind());
        seen.add(action + " " + resource.getKind() + " " + resource.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }
}
