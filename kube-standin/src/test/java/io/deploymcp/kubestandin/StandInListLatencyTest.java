package io.deploymcp.kubestandin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.deploymcp.kubestandin.kubelet.KubeletStandIn;
import io.deploymcp.kubestandin.kubelet.PodBehaviour;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Plain LIST requests from a JDK-HTTP-client fabric8 client stay fast while the stand-in rolls a
 * Deployment out (new ReplicaSet, old pods deleted and collected) next to crash-looping pods: the
 * api module saw such lists stall for ~10 s at a time (not reproduced here so far). All traffic
 * goes through the JDK client, as the api's does; a list running over 2 s prints a thread dump
 * (the mock server's single Vert.x event loop is the thread to read) to find the cause.
 */
class StandInListLatencyTest {

  /**
   * The JDK HTTP client opens a connection with help from ForkJoinPool.commonPool (parallelism 1
   * on two cores): while a caller's task sleeps there, a fabric8 JDK client's request on a fresh
   * connection waits for it (measured: ~7.8 s behind an 8 s sleep). The kubelet stand-in uses the
   * Vert.x client, so it keeps rolling Deployments out meanwhile.
   */
  @Test
  void standInKubeletKeepsWorkingWhileTheCommonPoolIsBlocked() throws Exception {
    try (StandInCluster cluster = StandInCluster.start();
        KubernetesClient vertx = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(cluster.kubeconfigYaml()))
            .withHttpClientFactory(new io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory()).build()) {
      String ns = "common-pool";
      Manifests.namespace(vertx, ns);
      Manifests.apply(vertx, Manifests.deployment(ns, "web", "web:1", 1));
      awaitRolledOut(vertx, ns, 1);
      int threads = java.util.concurrent.ForkJoinPool.commonPool().getParallelism();
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.CompletableFuture<Void>> blockers = new java.util.ArrayList<>();
      for (int i = 0; i < threads; i++) {
        blockers.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
          try {
            release.await(20, TimeUnit.SECONDS); // a test's blocking wait, as in the api's tests
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }));
      }
      try {
        Thread.sleep(200);
        long started = System.nanoTime();
        Deployment web = Manifests.deployment(ns, "web", "web:2", 2);
        long generation = Manifests.apply(vertx, web).getMetadata().getGeneration();
        awaitRolledOut(vertx, ns, generation);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(3000);
      } finally {
        release.countDown();
        blockers.forEach(java.util.concurrent.CompletableFuture::join);
      }
    }
  }

  private static void awaitRolledOut(KubernetesClient client, String ns, long generation) {
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
      Deployment d = client.apps().deployments().inNamespace(ns).withName("web").get();
      var s = d.getStatus();
      Integer want = d.getSpec().getReplicas();
      return s != null && s.getObservedGeneration() != null && s.getObservedGeneration() >= generation
          && want.equals(s.getUpdatedReplicas()) && want.equals(s.getAvailableReplicas()) && want.equals(s.getReplicas());
    });
  }

  @Test
  void standInListsStayFastDuringARollingUpdateNextToCrashLoops() throws Exception {
    try (StandInCluster cluster = StandInCluster.builder()
            .timing(new KubeletStandIn.Timing(Duration.ofMillis(20), Duration.ofMillis(100), 3)).start();
        KubernetesClient jdk = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(cluster.kubeconfigYaml()))
            .withHttpClientFactory(new JdkHttpClientFactory()).build()) {
      KubernetesClient client = jdk; // applies and status reads too, as in the api
      String ns = "latency";
      Manifests.namespace(client, ns);
      cluster.kubelet().script("crasher:1", PodBehaviour.crashLoop(1, List.of("starting", "fatal")));
      Manifests.apply(client, Manifests.deployment(ns, "crash-a", "crasher:1", 1));
      Manifests.apply(client, Manifests.deployment(ns, "crash-b", "crasher:1", 1));

      AtomicBoolean listing = new AtomicBoolean(true);
      AtomicLong maxMs = new AtomicLong();
      AtomicLong lists = new AtomicLong();
      AtomicLong listStarted = new AtomicLong();
      Thread watchdog = Thread.ofPlatform().daemon().name("watchdog").start(() -> {
        long dumpedFor = 0;
        while (true) {
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            return;
          }
          long at = listStarted.get();
          if (at != 0 && at != dumpedFor && System.nanoTime() - at > TimeUnit.SECONDS.toNanos(2)) {
            dumpedFor = at;
            StringBuilder dump = new StringBuilder("STALL DUMP\n");
            Thread.getAllStackTraces().forEach((t, st) -> {
              dump.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
              for (StackTraceElement e : st) {
                dump.append("    at ").append(e).append('\n');
              }
            });
            System.err.println(dump);
          }
        }
      });
      Thread lister = Thread.ofPlatform().daemon().name("lister").start(() -> {
        while (listing.get()) {
          long started = System.nanoTime();
          listStarted.set(started);
          try {
            jdk.pods().inAnyNamespace().withLabel("app", "web").list();
            jdk.apps().deployments().inNamespace(ns).withLabel("app", "web").list();
          } catch (RuntimeException e) {
            // a timed-out list counts by its latency below
          }
          listStarted.set(0);
          long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
          maxMs.accumulateAndGet(ms, Math::max);
          lists.incrementAndGet();
          if (ms > 1000) {
            System.err.println("SLOW LIST " + ms + " ms at " + java.time.Instant.now());
          }
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      try {
        for (int round = 1; round <= 8; round++) {
          Deployment web = Manifests.deployment(ns, "web", "web:1", 2);
          web.getSpec().getTemplate().getMetadata().setAnnotations(java.util.Map.of("deploy-mcp.io/deployment-id", "d" + round));
          long generation = Manifests.apply(client, web).getMetadata().getGeneration();
          // A rollout watcher's informers (JDK client), opened for the rollout and closed after it.
          List<io.fabric8.kubernetes.client.informers.SharedIndexInformer<?>> informers = List.of(
              jdk.apps().deployments().inNamespace(ns).withName("web").inform(),
              jdk.apps().replicaSets().inNamespace(ns).withLabel("app", "web").inform(),
              jdk.pods().inNamespace(ns).withLabel("app", "web").inform(),
              jdk.v1().events().inNamespace(ns).inform());
          await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Deployment d = client.apps().deployments().inNamespace(ns).withName("web").get();
            var s = d.getStatus();
            return s != null && s.getObservedGeneration() != null && s.getObservedGeneration() >= generation
                && Integer.valueOf(2).equals(s.getUpdatedReplicas()) && Integer.valueOf(2).equals(s.getAvailableReplicas())
                && Integer.valueOf(2).equals(s.getReplicas());
          });
          informers.forEach(io.fabric8.kubernetes.client.informers.SharedIndexInformer::close);
          for (var pod : jdk.pods().inNamespace(ns).withLabel("app", "crash-a").list().getItems()) {
            try {
              jdk.pods().inNamespace(ns).withName(pod.getMetadata().getName()).terminated().getLog();
            } catch (RuntimeException e) {
              // no previous instance yet
            }
          }
          Thread.sleep(1500);
        }
      } finally {
        listing.set(false);
        lister.join(15_000);
      }
      assertThat(lists.get()).isGreaterThan(20);
      assertThat(maxMs.get()).as("slowest pair of LISTs (ms)").isLessThan(1000);
    }
  }
}
