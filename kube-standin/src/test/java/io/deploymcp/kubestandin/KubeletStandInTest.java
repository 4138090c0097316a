package io.deploymcp.kubestandin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.deploymcp.kubestandin.kubelet.KubeletStandIn;
import io.deploymcp.kubestandin.kubelet.PodBehaviour;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The kubelet/controller stand-in: Deployments become ReplicaSets and Pods whose status, events
 * and logs show each failure issue 5 §3 diagnoses. One stand-in cluster for the class; each test
 * works in its own namespace with its own images.
 */
class KubeletStandInTest {

  private static StandInCluster cluster;
  private static KubernetesClient client;
  private static KubeletStandIn kubelet;

  @BeforeAll
  static void start() {
    cluster = StandInCluster.builder()
        .timing(new KubeletStandIn.Timing(Duration.ofMillis(10), Duration.ofMillis(100), 3))
        .start();
    client = cluster.client();
    kubelet = cluster.kubelet();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void standInKubeletDrivesAHealthyDeploymentToAvailable(TestInfo test) {
    String ns = ns(test);
    Deployment applied = Manifests.apply(client, Manifests.deployment(ns, "web", "web:1", 2));

    // fabric8's own readiness rule for Deployments, on a watch: the status is shaped as it expects.
    client.apps().deployments().inNamespace(ns).withName("web").waitUntilReady(8, TimeUnit.SECONDS);
    Deployment d = awaitDeployment(ns, "web", dep -> condition(dep, "Available").filter(c -> c.getStatus().equals("True"))
        .isPresent() && Integer.valueOf(2).equals(dep.getStatus().getAvailableReplicas())
        && condition(dep, "Progressing").map(DeploymentCondition::getReason).orElse("").equals("NewReplicaSetAvailable"));

    assertThat(d.getStatus().getObservedGeneration()).isEqualTo(applied.getMetadata().getGeneration());
    assertThat(d.getStatus().getReplicas()).isEqualTo(2);
    assertThat(d.getStatus().getReadyReplicas()).isEqualTo(2);
    assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(2);
    assertThat(condition(d, "Available").orElseThrow().getReason()).isEqualTo("MinimumReplicasAvailable");

    ReplicaSet rs = client.apps().replicaSets().inNamespace(ns).list().getItems().getFirst();
    String hash = rs.getMetadata().getLabels().get("pod-template-hash");
    assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
    assertThat(rs.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
      assertThat(owner.getKind()).isEqualTo("Deployment");
      assertThat(owner.getUid()).isEqualTo(applied.getMetadata().getUid());
      assertThat(owner.getController()).isTrue();
    });
    assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry("pod-template-hash", hash);

    List<Pod> pods = client.pods().inNamespace(ns).list().getItems();
    assertThat(pods).hasSize(2).allSatisfy(pod -> {
      assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
      assertThat(podCondition(pod, "Ready")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
      assertThat(pod.getSpec().getNodeName()).isEqualTo(KubeletStandIn.NODE_NAME);
      assertThat(pod.getStatus().getPodIP()).startsWith("10.42.");
      assertThat(pod.getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
      assertThat(pod.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo(rs.getMetadata().getUid());
      assertThat(container(pod).getState().getRunning()).isNotNull();
    });
    assertThat(events(ns)).extracting(Event::getReason).contains("ScalingReplicaSet", "SuccessfulCreate", "Scheduled",
        "Started");
  }

  @Test
  void standInImagePullFailureShowsErrImagePullThenBackOffWithFailedEvent(TestInfo test) {
    String ns = ns(test);
    String image = "127.0.0.1:5000/" + ns + "/web@sha256:" + "ab".repeat(32);
    kubelet.script(image, PodBehaviour.imagePullFailure());
    Manifests.apply(client, Manifests.deployment(ns, "web", image, 1));

    Pod pod = awaitPod(ns, p -> waitingReason(p).equals("ImagePullBackOff"));

    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(container(pod).getState().getWaiting().getMessage()).isEqualTo("Back-off pulling image \"" + image + "\"");
    List<String> messages = events(ns).stream().filter(e -> e.getType().equals("Warning")).map(Event::getMessage).toList();
    assertThat(messages).contains("Error: ErrImagePull", "Error: ImagePullBackOff")
        .anyMatch(m -> m.startsWith("Failed to pull image \"" + image + "\": rpc error: code = NotFound"));
    assertThat(condition(client.apps().deployments().inNamespace(ns).withName("web").get(), "Available"))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
  }

  @Test
  void standInCrashLoopRaisesRestartsAndServesThePreviousInstanceLogs(TestInfo test) {
    String ns = ns(test);
    List<String> lines = List.of("booting", "listening on :8080", "TypeError: undefined is not a function");
    kubelet.script("crasher:1", PodBehaviour.crashLoop(3, lines));
    Manifests.apply(client, Manifests.deployment(ns, "web", "crasher:1", 1));

    Pod pod = awaitPod(ns, p -> restarts(p) >= 2 && waitingReason(p).equals("CrashLoopBackOff"));

    ContainerStatus app = container(pod);
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(app.getReady()).isFalse();
    assertThat(app.getState().getWaiting().getMessage()).startsWith("back-off ").contains("restarting failed container=app");
    assertThat(app.getLastState().getTerminated().getExitCode()).isEqualTo(3);
    assertThat(app.getLastState().getTerminated().getReason()).isEqualTo("Error");
    String previous = client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).inContainer("app")
        .terminated().tailingLines(50).getLog();
    assertThat(previous).isEqualTo(String.join("\n", lines) + "\n");
    assertThat(events(ns)).anyMatch(e -> e.getReason().equals("BackOff")
        && e.getMessage().startsWith("Back-off restarting failed container app in pod " + pod.getMetadata().getName()));
  }

  @Test
  void standInOomKilledContainerShowsReasonOomKilledInLastState(TestInfo test) {
    String ns = ns(test);
    kubelet.script("hungry:1", PodBehaviour.oomKilled());
    Manifests.apply(client, Manifests.deployment(ns, "web", "hungry:1", 1));

    Pod pod = awaitPod(ns, p -> restarts(p) >= 1);

    assertThat(container(pod).getLastState().getTerminated().getReason()).isEqualTo("OOMKilled");
    assertThat(container(pod).getLastState().getTerminated().getExitCode()).isEqualTo(137);
  }

  @Test
  void standInProbeFailureRunsButNeverReadyWithUnhealthyEvent(TestInfo test) {
    String ns = ns(test);
    kubelet.script("unhealthy:1", PodBehaviour.probeFailure(500));
    Manifests.apply(client, Manifests.deployment(ns, "web", "unhealthy:1", 1));

    Pod pod = awaitPod(ns, p -> "Running".equals(p.getStatus().getPhase()));
    await5s().until(() -> events(ns).stream().anyMatch(e -> e.getReason().equals("Unhealthy")));

    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(container(pod).getState().getRunning()).isNotNull();
    assertThat(container(pod).getReady()).isFalse();
    assertThat(podCondition(pod, "Ready")).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("ContainersNotReady");
    });
    assertThat(events(ns)).filteredOn(e -> e.getReason().equals("Unhealthy")).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).isEqualTo("Readiness probe failed: HTTP probe failed with statuscode: 500");
      assertThat(e.getInvolvedObject().getFieldPath()).isEqualTo("spec.containers{app}");
    });
  }

  @Test
  void standInConfigErrorWaitsInCreateContainerConfigError(TestInfo test) {
    String ns = ns(test);
    kubelet.script("misconfigured:1", PodBehaviour.configError("secret \"web-env\" not found"));
    Manifests.apply(client, Manifests.deployment(ns, "web", "misconfigured:1", 1));

    Pod pod = awaitPod(ns, p -> waitingReason(p).equals("CreateContainerConfigError"));

    assertThat(container(pod).getState().getWaiting().getMessage()).isEqualTo("secret \"web-env\" not found");
    assertThat(events(ns)).anyMatch(e -> e.getMessage().equals("Error: secret \"web-env\" not found"));
  }

  @Test
  void standInMissingSecretIsACreateContainerConfigErrorLikeARealKubelet(TestInfo test) {
    String ns = ns(test);
    Deployment withEnvFrom = new DeploymentBuilder(Manifests.deployment(ns, "web", "plain:1", 1))
        .editSpec().editTemplate().editSpec().editFirstContainer()
          .addNewEnvFrom().withNewSecretRef().withName("web-env").endSecretRef().endEnvFrom()
        .endContainer().endSpec().endTemplate().endSpec().build();
    Manifests.apply(client, withEnvFrom);

    Pod pod = awaitPod(ns, p -> waitingReason(p).equals("CreateContainerConfigError"));

    assertThat(container(pod).getState().getWaiting().getMessage()).isEqualTo("secret \"web-env\" not found");
  }

  @Test
  void standInBehaviourCanComeFromTheEnvironmentSecret(TestInfo test) {
    String ns = ns(test);
    client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("web-env").endMetadata()
        .addToStringData(KubeletStandIn.BEHAVIOUR_ENV, "crash-loop:2").build()).create();
    Deployment withEnvFrom = new DeploymentBuilder(Manifests.deployment(ns, "web", "plain:1", 1))
        .editSpec().editTemplate().editSpec().editFirstContainer()
          .addNewEnvFrom().withNewSecretRef().withName("web-env").endSecretRef().endEnvFrom()
        .endContainer().endSpec().endTemplate().endSpec().build();
    Manifests.apply(client, withEnvFrom);

    Pod pod = awaitPod(ns, p -> restarts(p) >= 1);

    assertThat(container(pod).getLastState().getTerminated().getExitCode()).isEqualTo(2);
  }

  @Test
  void standInUnschedulablePodStaysPendingWithTheSchedulersMessage(TestInfo test) {
    String ns = ns(test);
    Deployment annotated = new DeploymentBuilder(Manifests.deployment(ns, "web", "big:1", 1))
        .editSpec().editTemplate().editMetadata().addToAnnotations(KubeletStandIn.BEHAVIOUR_ANNOTATION, "unschedulable")
        .endMetadata().endTemplate().endSpec().build();
    Manifests.apply(client, annotated);

    Pod pod = awaitPod(ns, p -> podCondition(p, "PodScheduled").isPresent());

    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(pod.getSpec().getNodeName()).isNull();
    PodCondition scheduled = podCondition(pod, "PodScheduled").orElseThrow();
    assertThat(scheduled.getStatus()).isEqualTo("False");
    assertThat(scheduled.getReason()).isEqualTo("Unschedulable");
    assertThat(scheduled.getMessage()).startsWith("0/1 nodes are available: 1 Insufficient memory.");
    await5s().until(() -> events(ns).stream().anyMatch(e -> e.getReason().equals("FailedScheduling")
        && e.getMessage().equals(scheduled.getMessage()) && e.getSource().getComponent().equals("default-scheduler")));
  }

  @Test
  void standInQuotaExceededCreatesNoPodsAndReportsReplicaFailure(TestInfo test) {
    String ns = ns(test);
    kubelet.script("greedy:1", PodBehaviour.quotaExceeded());
    Manifests.apply(client, Manifests.deployment(ns, "web", "greedy:1", 1));

    Deployment d = awaitDeployment(ns, "web", dep -> condition(dep, "ReplicaFailure").isPresent());

    ReplicaSet rs = client.apps().replicaSets().inNamespace(ns).list().getItems().getFirst();
    ReplicaSetCondition failure = rs.getStatus().getConditions().getFirst();
    assertThat(failure.getType()).isEqualTo("ReplicaFailure");
    assertThat(failure.getReason()).isEqualTo("FailedCreate");
    // Named by generateName, as the quota admission does: the same message on every retry.
    assertThat(failure.getMessage()).isEqualTo("pods \"" + rs.getMetadata().getName() + "-\" is forbidden: "
        + "exceeded quota: compute-resources, requested: limits.memory=512Mi, used: limits.memory=1536Mi, "
        + "limited: limits.memory=2Gi");
    assertThat(condition(d, "ReplicaFailure").orElseThrow().getMessage()).contains("exceeded quota: compute-resources");
    assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(events(ns)).anyMatch(e -> e.getReason().equals("FailedCreate")
        && e.getInvolvedObject().getKind().equals("ReplicaSet")
        && e.getMessage().equals("Error creating: " + failure.getMessage()));

    // Retried with the controller's exponential back-off (5 ms doubling), not in a tight loop:
    // after the first seconds, one retry at most in the next two, and the status stays put.
    sleep(Duration.ofSeconds(3));
    int countBefore = failedCreateCount(ns);
    String versionBefore = client.apps().replicaSets().inNamespace(ns).withName(rs.getMetadata().getName()).get()
        .getMetadata().getResourceVersion();
    sleep(Duration.ofSeconds(2));
    assertThat(failedCreateCount(ns) - countBefore).isBetween(0, 1);
    assertThat(countBefore).isBetween(5, 14);
    assertThat(client.apps().replicaSets().inNamespace(ns).withName(rs.getMetadata().getName()).get()
        .getMetadata().getResourceVersion()).isEqualTo(versionBefore);
  }

  private int failedCreateCount(String ns) {
    return events(ns).stream().filter(e -> e.getReason().equals("FailedCreate"))
        .mapToInt(e -> e.getCount() == null ? 1 : e.getCount()).sum();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void standInSlowPodNeverBecomesReadyAndHitsTheProgressDeadline(TestInfo test) {
    String ns = ns(test);
    kubelet.script("sluggish:1", PodBehaviour.slow());
    Manifests.apply(client, new DeploymentBuilder(Manifests.deployment(ns, "web", "sluggish:1", 1))
        .editSpec().withProgressDeadlineSeconds(1).endSpec().build());

    Deployment d = awaitDeployment(ns, "web", dep -> condition(dep, "Progressing")
        .map(DeploymentCondition::getReason).orElse("").equals("ProgressDeadlineExceeded"));

    assertThat(condition(d, "Progressing").orElseThrow().getStatus()).isEqualTo("False");
    Pod pod = awaitPod(ns, p -> "Running".equals(p.getStatus().getPhase()));
    assertThat(container(pod).getReady()).isFalse();
    assertThat(events(ns)).noneMatch(e -> e.getType().equals("Warning"));
  }

  @Test
  void standInFailedRolloutLeavesTheOldReplicaSetServingAndRollbackReusesIt(TestInfo test) {
    String ns = ns(test);
    kubelet.script("shop:2", PodBehaviour.crashLoop());
    Manifests.apply(client, Manifests.deployment(ns, "web", "shop:1", 1));
    awaitDeployment(ns, "web", dep -> condition(dep, "Progressing").map(DeploymentCondition::getReason).orElse("")
        .equals("NewReplicaSetAvailable"));
    ReplicaSet good = client.apps().replicaSets().inNamespace(ns).list().getItems().getFirst();

    Manifests.apply(client, Manifests.deployment(ns, "web", "shop:2", 1));
    Pod crashing = awaitPod(ns, p -> image(p).equals("shop:2") && restarts(p) >= 1);

    Deployment during = awaitDeployment(ns, "web", dep -> Integer.valueOf(2).equals(dep.getStatus().getReplicas()));
    assertThat(during.getStatus().getAvailableReplicas()).isEqualTo(1);
    assertThat(during.getStatus().getUpdatedReplicas()).isEqualTo(1);
    assertThat(during.getStatus().getReplicas()).isEqualTo(2);
    assertThat(condition(during, "Available").orElseThrow().getStatus()).isEqualTo("True");
    assertThat(condition(during, "Progressing").orElseThrow().getReason()).isNotEqualTo("NewReplicaSetAvailable");
    ReplicaSet stillServing = client.apps().replicaSets().inNamespace(ns).withName(good.getMetadata().getName()).get();
    assertThat(stillServing.getSpec().getReplicas()).isEqualTo(1);
    assertThat(stillServing.getStatus().getReadyReplicas()).isEqualTo(1);
    assertThat(client.pods().inNamespace(ns).list().getItems())
        .filteredOn(p -> image(p).equals("shop:1")).singleElement()
        .satisfies(p -> assertThat(podCondition(p, "Ready").orElseThrow().getStatus()).isEqualTo("True"));

    Manifests.apply(client, Manifests.deployment(ns, "web", "shop:1", 1)); // rollback: no new build, same template

    awaitDeployment(ns, "web", dep -> condition(dep, "Progressing").map(DeploymentCondition::getReason).orElse("")
        .equals("NewReplicaSetAvailable") && Integer.valueOf(1).equals(dep.getStatus().getReplicas()));
    await5s().until(() -> client.pods().inNamespace(ns).withName(crashing.getMetadata().getName()).get() == null);
    ReplicaSet reused = client.apps().replicaSets().inNamespace(ns).withName(good.getMetadata().getName()).get();
    assertThat(reused.getMetadata().getUid()).isEqualTo(good.getMetadata().getUid());
    assertThat(reused.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
    assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems())
        .filteredOn(rs -> !rs.getMetadata().getUid().equals(good.getMetadata().getUid()))
        .singleElement().satisfies(failed -> assertThat(failed.getSpec().getReplicas()).isZero());
  }

  @Test
  void standInHealthyRolloutScalesTheOldReplicaSetToZero(TestInfo test) {
    String ns = ns(test);
    Manifests.apply(client, Manifests.deployment(ns, "web", "api:1", 2));
    awaitDeployment(ns, "web", dep -> Integer.valueOf(2).equals(dep.getStatus() == null ? null
        : dep.getStatus().getAvailableReplicas()));

    Manifests.apply(client, Manifests.deployment(ns, "web", "api:2", 2));

    awaitDeployment(ns, "web", dep -> condition(dep, "Progressing").map(DeploymentCondition::getMessage).orElse("")
        .contains("has successfully progressed") && Integer.valueOf(2).equals(dep.getStatus().getReplicas())
        && Integer.valueOf(2).equals(dep.getStatus().getUpdatedReplicas()));
    await5s().untilAsserted(() -> assertThat(client.pods().inNamespace(ns).list().getItems())
        .hasSize(2).allMatch(p -> image(p).equals("api:2")));
  }

  @Test
  void standInDeletingADeploymentRemovesItsReplicaSetsAndPodsAtOnce(TestInfo test) {
    String ns = ns(test);
    Manifests.apply(client, Manifests.deployment(ns, "web", "gone:1", 2));
    awaitDeployment(ns, "web", dep -> Integer.valueOf(2).equals(dep.getStatus() == null ? null
        : dep.getStatus().getAvailableReplicas()));

    client.apps().deployments().inNamespace(ns).withName("web").delete();

    assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(client.apps().deployments().inNamespace(ns).withName("web")
        .waitUntilCondition(java.util.Objects::isNull, 5, TimeUnit.SECONDS)).isNull();
    await5s().during(Duration.ofMillis(300)).until(() -> client.pods().inNamespace(ns).list().getItems().isEmpty());
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static String ns(TestInfo test) {
    String name = test.getTestMethod().orElseThrow().getName().toLowerCase().replaceAll("[^a-z0-9]", "");
    return "k-" + name.substring(0, Math.min(name.length(), 55));
  }

  private static ConditionFactory await5s() {
    return await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(25));
  }

  private static Deployment awaitDeployment(String ns, String name, Predicate<Deployment> done) {
    return await5s().until(() -> client.apps().deployments().inNamespace(ns).withName(name).get(),
        d -> d != null && d.getStatus() != null && done.test(d));
  }

  private static Pod awaitPod(String ns, Predicate<Pod> done) {
    return await5s().until(() -> client.pods().inNamespace(ns).list().getItems().stream()
            .filter(p -> p.getStatus() != null && done.test(p)).findFirst(),
        Optional::isPresent).orElseThrow();
  }

  private static List<Event> events(String ns) {
    return client.v1().events().inNamespace(ns).list().getItems();
  }

  private static Optional<DeploymentCondition> condition(Deployment d, String type) {
    return d.getStatus() == null || d.getStatus().getConditions() == null ? Optional.empty()
        : d.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst();
  }

  private static Optional<PodCondition> podCondition(Pod pod, String type) {
    return pod.getStatus() == null || pod.getStatus().getConditions() == null ? Optional.empty()
        : pod.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst();
  }

  private static ContainerStatus container(Pod pod) {
    return pod.getStatus().getContainerStatuses().getFirst();
  }

  private static String waitingReason(Pod pod) {
    if (pod.getStatus().getContainerStatuses() == null || pod.getStatus().getContainerStatuses().isEmpty()) {
      return "";
    }
    var waiting = container(pod).getState().getWaiting();
    return waiting == null || waiting.getReason() == null ? "" : waiting.getReason();
  }

  private static int restarts(Pod pod) {
    return pod.getStatus().getContainerStatuses() == null || pod.getStatus().getContainerStatuses().isEmpty()
        ? 0 : container(pod).getRestartCount();
  }

  private static String image(Pod pod) {
    return pod.getSpec().getContainers().getFirst().getImage();
  }
}
