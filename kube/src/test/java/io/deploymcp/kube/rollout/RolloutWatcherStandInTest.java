package io.deploymcp.kube.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.kube.Specs;
import io.deploymcp.kube.apply.ClusterApplier;
import io.deploymcp.kube.apply.StandInObjects;
import io.deploymcp.kube.manifest.Labels;
import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.kube.spec.ServiceDeploymentSpec;
import io.deploymcp.kube.access.ClusterComponent;
import io.deploymcp.kubestandin.StandInCluster;
import io.deploymcp.kubestandin.kubelet.KubeletStandIn;
import io.deploymcp.kubestandin.kubelet.PodBehaviour;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Rollouts on the Kubernetes stand-in: its kubelet/controller stand-in turns Deployments into
 * ReplicaSets and Pods and plays each scripted failure of issue 5 §3, which the watcher must
 * name with its evidence.
 */
class RolloutWatcherStandInTest {

  private static final ClusterSettings SETTINGS = ClusterSettings.defaults("apps.example.com");
  private static final Duration ENOUGH = Duration.ofSeconds(20);

  private static final List<Future<?>> CLOSING = new CopyOnWriteArrayList<>();
  private static final ExecutorService CLOSER = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "stand-in-closer");
    t.setDaemon(true);
    return t;
  });

  private StandInCluster cluster;
  private KubernetesClient client;
  private KubernetesClient worker;
  private ClusterApplier applier;
  private RolloutWatcher watcher;

  /*
   * One stand-in per test, closed in the background. fabric8's mock server, under the stand-in,
   * can stall for up to 30 s when a watch is closed while it is sending to it
   * (WatchEventsListener.onClosed awaits a sender that needs the server's only event loop; reported
   * to kube-standin). A stall then stays in its test: the patient client rides it out and the
   * slow close does not hold up the next test. A crash loop stops after the second restart, the one
   * the watcher reports, so the stand-in is quiet when the watches close.
   */
  @BeforeEach
  void start() {
    cluster = StandInCluster.builder()
        .timing(new KubeletStandIn.Timing(Duration.ofMillis(20), Duration.ofMillis(150),
            RolloutDiagnosis.CRASH_RESTARTS))
        .start();
    client = StandInObjects.patientClient(cluster);
    // The code under test calls as the worker (recorded for the helm module's RBAC check).
    worker = StandInObjects.patientClient(cluster, ClusterComponent.WORKER);
    applier = new ClusterApplier(worker, SETTINGS);
    watcher = new RolloutWatcher(worker);
  }

  @AfterEach
  void stop() {
    KubernetesClient ownClient = client;
    KubernetesClient ownWorker = worker;
    StandInCluster ownCluster = cluster;
    CLOSING.add(CLOSER.submit(() -> {
      ownWorker.close();
      ownClient.close();
      ownCluster.close();
    }));
  }

  @AfterAll
  static void awaitCloses() throws Exception {
    for (Future<?> close : CLOSING) {
      close.get(60, TimeUnit.SECONDS);
    }
  }

  /** A web service in its own project, with an image only this test scripts. */
  private static Specs spec(TestInfo test) {
    String name = test.getTestMethod().orElseThrow().getName().toLowerCase()
        .replace("standin", "").replaceAll("[^a-z0-9]", "");
    return Specs.web().project("t", name.substring(0, Math.min(40, name.length())))
        .image(StandInObjects.image(name));
  }

  private ServiceDeploymentSpec deploy(Specs specs, PodBehaviour behaviour) {
    ServiceDeploymentSpec spec = specs.build();
    if (behaviour != null) {
      cluster.kubelet().script(spec.image(), behaviour);
    }
    applier.apply(spec.project(), spec, Specs.placeholderEnv(), () -> {});
    return spec;
  }

  private RolloutFailedException failure(ServiceDeploymentSpec spec, Duration timeout) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
        () -> watcher.await(spec.project(), spec, timeout, status -> {}));
    assertThat(thrown).isInstanceOf(RolloutFailedException.class);
    return (RolloutFailedException) thrown;
  }

  @Test
  void standInHealthyRolloutBecomesAvailable(TestInfo test) {
    ServiceDeploymentSpec spec = deploy(spec(test), null);

    RolloutReport report = watcher.await(spec.project(), spec, ENOUGH, status -> {});

    assertThat(report.readyReplicas()).isEqualTo(1);
    assertThat(report.desiredReplicas()).isEqualTo(1);
    assertThat(report.took()).isLessThan(ENOUGH);
    ReplicaSet replicaSet = client.apps().replicaSets().inNamespace(spec.project().namespace())
        .withLabel(Labels.DEPLOYMENT_ID, spec.deploymentId()).list().getItems().getFirst();
    assertThat(replicaSet.getStatus().getAvailableReplicas()).isEqualTo(1);
  }

  @Test
  void standInProgressIsReportedAboutOnceASecondWhileWaiting(TestInfo test) {
    ServiceDeploymentSpec spec = deploy(spec(test), PodBehaviour.readyAfter(Duration.ofMillis(2300)));
    Queue<String> statuses = new ConcurrentLinkedQueue<>();

    RolloutReport report = watcher.await(spec.project(), spec, ENOUGH, statuses::add);

    assertThat(report.readyReplicas()).isEqualTo(1);
    assertThat(statuses).hasSizeBetween(2, 4)
        .allSatisfy(s -> assertThat(s).startsWith("0/1 new pods ready"));
    assertThat(statuses).anySatisfy(s -> assertThat(s).contains("app running, not ready"));
  }

  @Test
  void standInProgressThatThrowsStopsTheWait(TestInfo test) {
    ServiceDeploymentSpec spec = deploy(spec(test), PodBehaviour.slow());
    IllegalStateException cancelled = new IllegalStateException("activity cancelled");
    long start = System.nanoTime();

    assertThatThrownBy(() -> watcher.await(spec.project(), spec, ENOUGH, status -> {
      throw cancelled;
    })).isSameAs(cancelled);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void standInCronHasNothingToAwait() {
    ServiceDeploymentSpec spec = Specs.cron().project("t", "cron").build();
    applier.apply(spec.project(), spec, Map.of(), () -> {});

    RolloutReport report = watcher.await(spec.project(), spec, Duration.ofSeconds(1), status -> {
      throw new AssertionError("no progress for a cron service");
    });

    assertThat(report).isEqualTo(new RolloutReport(0, 0, Duration.ZERO));
  }

  @Test
  void standInImagePullFailureIsImagePullFailed(TestInfo test) {
    ServiceDeploymentSpec spec = deploy(spec(test), PodBehaviour.imagePullFailure());

    RolloutFailedException e = failure(spec, ENOUGH);

    assertThat(e.code()).isEqualTo(RolloutFailure.IMAGE_PULL_FAILED);
    assertThat(e.evidence()).contains(spec.image()).contains("not found");
    assertThat(e.hint()).contains("not in the registry").contains("deploy again");
    assertThat(e.logTail()).isEmpty();
  }

  @Test
  void standInCrashLoopCarriesThePreviousInstancesLastFiftyLines(TestInfo test) {
    List<String> lines = IntStream.rangeClosed(1, 60).mapToObj(i -> "line " + i).collect(
        java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    lines.add("Error: DATABASE_URL is not set");
    ServiceDeploymentSpec spec = deploy(spec(test), PodBehaviour.crashLoop(3, lines));
    cluster.clearRequests();

    RolloutFailedException e = failure(spec, ENOUGH);

    assertThat(e.code()).isEqualTo(RolloutFailure.CRASH_LOOP);
    assertThat(e.evidence()).contains("exited with code 3").contains("restarted");
    assertThat(e.logTail().lines().toList()).hasSize(50)
        .startsWith("line 12").endsWith("Error: DATABASE_URL is not set");
    assertThat(e.hint()).contains("set DATABASE_URL");
    assertThat(e.getMessage()).doesNotContain("line 12"); // the log is not in the message
    assertThat(cluster.requests()).anySatisfy(r -> assertThat(r.path())
        .contains("/pods/cool-api-").contains("/log?").contains("previous=true").contains("tailLines=50"));
  }

  @Test
  void standInOomKillIsOomKilledWithTheMemoryLimit(TestInfo test) {
    ServiceDeploymentSpec spec = deploy(spec(test).memoryMib(384), PodBehaviour.oomKilled());

    RolloutFailedException e = failure(spec, ENOUGH);

    assertThat(e.code()).isEqualTo(RolloutFailure.OOM_KILLED);
    assertThat(e.evidence()).contains("memory limit 384Mi").contains("OOMKilled");
    assertThat(e.hint()).contains("raise the service's memory").contains("768Mi");
  }

  @Test
  void standInFailingHttpHealthCheckIsProbeFailedWithPathPortAndStatus(TestInfo test) {
    ServiceDeploymentSpec spec = deploy(spec(test), PodBehaviour.probeFailure(503));

    RolloutFailedException e = failure(spec, Duration.ofMillis(1500));

    assertThat(e.code()).isEqualTo(RolloutFailure.PROBE_FAILED);
    assertThat(e.evidence()).contains("HTTP GET /healthz on port 8080").contains("last status HTTP 503");
    assertThat(e.hint()).contains("health_check_path /healthz").contains("HTTP 503");
  }

  @Test
  void standInRefusedTcpHealthCheckIsProbeFailedTellingToListenOnPort(TestInfo test) {
    ServiceDeploymentSpec spec = deploy(spec(test).healthCheckPath(null).port(3000),
        PodBehaviour.probeFailure(0));

    RolloutFailedException e = failure(spec, Duration.ofMillis(1500));

    assertThat(e.code()).isEqualTo(RolloutFailure.PROBE_FAILED);
    assertThat(e.evidence()).contains("TCP connect to port 3000").contains("connection refused");
    assertThat(e.hint()).contains("listen on $PORT (3000)");
  }

  @Test
  void standInConfigErrorIsConfigErrorWithTheWaitingMessage(TestInfo test) {
    ServiceDeploymentSpec spec = deploy(spec(test),
        PodBehaviour.configError("couldn't find key STRIPE_KEY in Secret t-x/cool-api-env"));

    RolloutFailedException e = failure(spec, ENOUGH);

    assertThat(e.code()).isEqualTo(RolloutFailure.CONFIG_ERROR);
    assertThat(e.evidence()).contains("CreateContainerConfigError")
        .contains("couldn't find key STRIPE_KEY");
    assertThat(e.hint()).contains("set it in the service's env");
  }

  @Test
  void standInMissingEnvSecretIsConfigError(TestInfo test) {
    ServiceDeploymentSpec spec = spec(test).build();
    applier.apply(spec.project(), spec, Map.of(), () -> {});
    // Gone behind the platform's back before the kubelet starts the container.
    client.secrets().inNamespace(spec.project().namespace()).withName("cool-api-env").delete();

    RolloutFailedException e = failure(spec, ENOUGH);

    assertThat(e.code()).isEqualTo(RolloutFailure.CONFIG_ERROR);
    assertThat(e.evidence()).contains("secret \"cool-api-env\" not found");
    assertThat(e.hint()).contains("deploy again");
  }

  @Test
  void standInUnschedulablePodIsUnschedulableWithTheSchedulersMessage(TestInfo test) {
    ServiceDeploymentSpec spec = deploy(spec(test).memoryMib(6144), PodBehaviour.unschedulable());

    RolloutFailedException e = failure(spec, ENOUGH);

    assertThat(e.code()).isEqualTo(RolloutFailure.UNSCHEDULABLE);
    assertThat(e.evidence()).contains("0/1 nodes are available: 1 Insufficient memory");
    assertThat(e.hint()).contains("6144Mi").contains("lower the service's memory");
  }

  @Test
  void standInQuotaRefusalIsQuotaExceededNamingTheResource(TestInfo test) {
    // Written as the ReplicaSet controller reports a refusal by the ResourceQuota admission, on
    // a stand-in without its kubelet: the kubelet stand-in's own quota script retries the
    // refused pod in a tight loop, and fabric8's mock server stalls for 30 s when a watch is
    // closed while it sends to it (reported to kube-standin).
    try (StandInCluster own = StandInCluster.builder().kubelet(false).start()) {
      KubernetesClient quotaClient = own.client();
      ServiceDeploymentSpec spec = spec(test).memoryMib(512).build();
      String ns = spec.project().namespace();
      new ClusterApplier(quotaClient, SETTINGS).apply(spec.project(), spec, Map.of(), () -> {});
      Deployment deployment = quotaClient.apps().deployments().inNamespace(ns).withName("cool-api").get();
      String refusal = "pods \"cool-api-6f9c7-x2k4q\" is forbidden: exceeded quota: quota, requested:"
          + " requests.memory=512Mi, used: requests.memory=3840Mi, limited: requests.memory=4Gi";
      quotaClient.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder()
          .withNewMetadata().withName("cool-api-6f9c7").withLabels(
              deployment.getSpec().getTemplate().getMetadata().getLabels())
            .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName("cool-api")
              .withUid(deployment.getMetadata().getUid()).withController(true).endOwnerReference()
          .endMetadata()
          .withNewSpec().withReplicas(1).withSelector(deployment.getSpec().getSelector())
            .withTemplate(deployment.getSpec().getTemplate()).endSpec()
          .withNewStatus().withReplicas(0).addNewCondition().withType("ReplicaFailure").withStatus("True")
            .withReason("FailedCreate").withMessage(refusal).endCondition().endStatus()
          .build()).create();
      quotaClient.apps().deployments().inNamespace(ns).resource(deployment).subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"observedGeneration\":"
              + deployment.getMetadata().getGeneration() + "}}");

      Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() ->
          new RolloutWatcher(quotaClient).await(spec.project(), spec, ENOUGH, status -> {}));

      assertThat(thrown).isInstanceOfSatisfying(RolloutFailedException.class, e -> {
        assertThat(e.code()).isEqualTo(RolloutFailure.QUOTA_EXCEEDED);
        assertThat(e.evidence()).isEqualTo("ResourceQuota quota refused the pod: requests.memory requested"
            + " 512Mi, used 3840Mi, limited 4Gi");
        assertThat(e.hint()).contains("requests.memory").contains("lower this service's memory (now 512Mi)");
      });
    }
  }

  @Test
  void standInNeverReadyRolloutTimesOutWithWhatWasLastSeen(TestInfo test) {
    ServiceDeploymentSpec spec = deploy(spec(test), PodBehaviour.slow());

    RolloutFailedException e = failure(spec, Duration.ofMillis(1200));

    assertThat(e.code()).isEqualTo(RolloutFailure.ROLLOUT_TIMEOUT);
    assertThat(e.evidence()).startsWith("not available after 1 s: 0/1 new pods ready")
        .contains("app running, not ready");
    assertThat(e.hint()).contains("previous version is still serving");
  }

  @Test
  void standInFailedRolloutLeavesTheOldReplicaSetServing(TestInfo test) {
    Specs base = spec(test);
    ServiceDeploymentSpec v1 = deploy(base, null);
    watcher.await(v1.project(), v1, ENOUGH, status -> {});
    ServiceDeploymentSpec v2 = deploy(spec(test).image(StandInObjects.image("broken-v2"))
        .deploymentId("v2-broken"), PodBehaviour.crashLoop());

    assertThat(failure(v2, ENOUGH).code()).isEqualTo(RolloutFailure.CRASH_LOOP);

    String ns = v1.project().namespace();
    ReplicaSet old = client.apps().replicaSets().inNamespace(ns)
        .withLabel(Labels.DEPLOYMENT_ID, v1.deploymentId()).list().getItems().getFirst();
    assertThat(old.getSpec().getReplicas()).isEqualTo(1);
    assertThat(old.getStatus().getReadyReplicas()).isEqualTo(1);
    List<Pod> oldPods = client.pods().inNamespace(ns).withLabel(Labels.DEPLOYMENT_ID, v1.deploymentId())
        .list().getItems();
    assertThat(oldPods).singleElement().satisfies(p -> assertThat(p.getStatus().getConditions())
        .anySatisfy(c -> {
          assertThat(c.getType()).isEqualTo("Ready");
          assertThat(c.getStatus()).isEqualTo("True");
        }));
    assertThat(client.apps().deployments().inNamespace(ns).withName("cool-api").get().getStatus()
        .getAvailableReplicas()).isEqualTo(1);
  }

  @Test
  void standInNewerDeploymentSupersedesTheWait(TestInfo test) throws Exception {
    ServiceDeploymentSpec v1 = deploy(spec(test), PodBehaviour.slow());
    CompletableFuture<RolloutReport> waiting =
        CompletableFuture.supplyAsync(() -> watcher.await(v1.project(), v1, ENOUGH, status -> {}), Thread::startVirtualThread);
    Thread.sleep(300);

    deploy(spec(test).image(StandInObjects.image("v2-newer")).deploymentId("v2-newer"), null);

    assertThat(waiting).failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(RolloutSupersededException.class,
            e -> assertThat(e.supersededBy()).contains("v2-newer"));
  }
}
