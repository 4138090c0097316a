package io.deploymcp.kubestandin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Closing watches on the stand-in while it is sending to them never holds up event delivery to
 * other watchers (fabric8's own mock watch froze the server's event loop for 30 s per such
 * close), whichever HTTP client closes them: Vert.x (the default, the kube module's tests) or the
 * JDK's (the worker's).
 */
class StandInWatchCloseTest {

  static Stream<Arguments> clients() {
    return Stream.of(
        Arguments.of("vertx", (Supplier<HttpClient.Factory>) Vertx5HttpClientFactory::new),
        Arguments.of("jdk", (Supplier<HttpClient.Factory>) JdkHttpClientFactory::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void standInClosingBusyWatchesAndInformersNeverDelaysAnotherInformer(String name, Supplier<HttpClient.Factory> factory)
      throws Exception {
    try (StandInCluster cluster = StandInCluster.builder().kubelet(false).start();
        KubernetesClient churnClient = client(cluster, factory.get())) {
      KubernetesClient client = cluster.client();
      Map<String, Long> seenAt = new ConcurrentHashMap<>();
      SharedIndexInformer<ConfigMap> steady = client.configMaps().inNamespace("steady").inform(
          new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap cm) {
              seenAt.putIfAbsent(cm.getData().get("n"), System.nanoTime());
            }

            @Override
            public void onUpdate(ConfigMap old, ConfigMap cm) {
              seenAt.putIfAbsent(cm.getData().get("n"), System.nanoTime());
            }

            @Override
            public void onDelete(ConfigMap cm, boolean unknown) {}
          });
      AtomicBoolean writing = new AtomicBoolean(true);
      // Keeps the server sending to the churning watches, so each close races a send.
      Thread writer = Thread.ofPlatform().daemon().start(() -> {
        int i = 0;
        while (writing.get()) {
          apply(client, configMap("churn", "c" + (i % 5), i));
          i++;
        }
      });
      try {
        List<Long> delaysMs = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
          AtomicInteger events = new AtomicInteger();
          SharedIndexInformer<ConfigMap> informer = churnClient.configMaps().inNamespace("churn")
              .inform(counting(events));
          Watch watch = churnClient.configMaps().inNamespace("churn").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
              events.incrementAndGet();
            }

            @Override
            public void onClose(WatcherException cause) {}
          });
          await().atMost(Duration.ofSeconds(5)).until(() -> events.get() > 3);
          informer.close();
          watch.close();

          String n = String.valueOf(round);
          long sent = System.nanoTime();
          apply(client, configMap("steady", "probe", round));
          await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5))
              .alias("event " + n + " to the steady informer after closing churning watches (" + name + " client)")
              .until(() -> seenAt.containsKey(n));
          delaysMs.add(TimeUnit.NANOSECONDS.toMillis(seenAt.get(n) - sent));
        }
        assertThat(delaysMs).hasSize(20).allMatch(ms -> ms < 1000);
      } finally {
        writing.set(false);
        writer.join(5000);
        steady.close();
      }
    }
  }

  /**
   * A rollout watcher's pattern, ten times: apply a new image, open informers on the
   * Deployment, ReplicaSets, Pods and Events, wait for the rollout, close them. Each rollout
   * takes well under 2 s (with fabric8's mock watch, one in a few stalled for 30 s).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void standInTenRolloutsWithFreshInformersEachFinishUnderTwoSeconds(String name, Supplier<HttpClient.Factory> factory) {
    try (StandInCluster cluster = StandInCluster.start();
        KubernetesClient client = client(cluster, factory.get())) {
      String ns = "rollouts";
      Manifests.namespace(client, ns);
      for (int i = 1; i <= 10; i++) {
        long started = System.nanoTime();
        Deployment applied = Manifests.apply(client, Manifests.deployment(ns, "web", "web:" + i, 2));
        long generation = applied.getMetadata().getGeneration();
        AtomicInteger events = new AtomicInteger();
        List<SharedIndexInformer<?>> informers = List.of(
            client.apps().deployments().inNamespace(ns).withName("web").inform(counting(events)),
            client.apps().replicaSets().inNamespace(ns).withLabel("app", "web").inform(counting(events)),
            client.pods().inNamespace(ns).withLabel("app", "web").inform(counting(events)),
            client.v1().events().inNamespace(ns).inform(counting(events)));
        try {
          await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
              .alias("rollout " + i + " (" + name + " client)")
              .until(() -> rolledOut(client.apps().deployments().inNamespace(ns).withName("web").get(), generation));
        } finally {
          informers.forEach(SharedIndexInformer::close);
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2000);
        assertThat(events.get()).isPositive();
      }
    }
  }

  private static boolean rolledOut(Deployment d, long generation) {
    var status = d.getStatus();
    return status != null && status.getObservedGeneration() != null && status.getObservedGeneration() >= generation
        && Integer.valueOf(2).equals(status.getUpdatedReplicas()) && Integer.valueOf(2).equals(status.getAvailableReplicas())
        && Integer.valueOf(2).equals(status.getReplicas());
  }

  private static KubernetesClient client(StandInCluster cluster, HttpClient.Factory factory) {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(cluster.kubeconfigYaml()))
        .withHttpClientFactory(factory).build();
  }

  private static void apply(KubernetesClient client, ConfigMap configMap) {
    client.resource(configMap).fieldManager(Manifests.MANAGER).forceConflicts().serverSideApply();
  }

  private static ConfigMap configMap(String ns, String name, int n) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .addToData("n", String.valueOf(n)).build();
  }

  private static <T> ResourceEventHandler<T> counting(AtomicInteger events) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        events.incrementAndGet();
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        events.incrementAndGet();
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        events.incrementAndGet();
      }
    };
  }
}
