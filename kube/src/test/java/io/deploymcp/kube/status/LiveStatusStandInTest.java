package io.deploymcp.kube.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.deploymcp.kube.Specs;
import io.deploymcp.kube.apply.ClusterApplier;
import io.deploymcp.kube.apply.StandInObjects;
import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.kube.spec.DeployEnvironment;
import io.deploymcp.kube.spec.ProjectRef;
import io.deploymcp.kube.spec.ServiceDeploymentSpec;
import io.deploymcp.kube.access.ClusterComponent;
import io.deploymcp.kubestandin.StandInCluster;
import io.deploymcp.kubestandin.kubelet.KubeletStandIn;
import io.deploymcp.kubestandin.kubelet.PodBehaviour;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live status and runtime logs read from the Kubernetes stand-in, whose kubelet stand-in runs
 * what {@link ClusterApplier} applied: healthy, crash-looping and OOM-killed pods, both
 * environments, the pod log API's current and previous instance.
 */
class LiveStatusStandInTest {

  private static final ClusterSettings SETTINGS = ClusterSettings.defaults("apps.example.com");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T20:00:00Z"), ZoneOffset.UTC);

  private static StandInCluster cluster;
  private static KubernetesClient client;
  private static KubernetesClient worker;
  private static KubernetesClient api;
  private static ClusterApplier applier;
  private static LiveStatusReader status;
  private static RuntimeLogReader logs;

  @BeforeAll
  static void start() {
    cluster = StandInCluster.builder()
        .timing(new KubeletStandIn.Timing(Duration.ofMillis(20), Duration.ofMillis(100), 3))
        .start();
    client = StandInObjects.patientClient(cluster);
    // The code under test calls as the worker and the API (recorded for the helm module's RBAC check).
    worker = StandInObjects.patientClient(cluster, ClusterComponent.WORKER);
    api = StandInObjects.patientClient(cluster, ClusterComponent.API);
    applier = new ClusterApplier(worker, SETTINGS);
    status = new LiveStatusReader(api, CLOCK);
    logs = new RuntimeLogReader(api, CLOCK);
  }

  @AfterAll
  static void stop() {
    worker.close();
    api.close();
    client.close();
    cluster.close();
  }

  private static ServiceDeploymentSpec deploy(Specs specs, PodBehaviour behaviour) {
    ServiceDeploymentSpec spec = specs.build();
    if (behaviour != null) {
      cluster.kubelet().script(spec.image(), behaviour);
    }
    applier.apply(spec.project(), spec, Specs.placeholderEnv(), () -> {});
    return spec;
  }

  @Test
  void standInHealthyProductionIsReadyAndPreviewIsNotDeployed() {
    ServiceDeploymentSpec spec = deploy(
        Specs.web().project("t", "healthy").image(StandInObjects.image("healthy")), null);

    await().atMost(Duration.ofSeconds(10)).until(
        () -> status.read(spec.project(), spec.service()).get(DeployEnvironment.PRODUCTION).readyReplicas() == 1);
    Map<DeployEnvironment, WorkloadState> states = status.read(spec.project(), spec.service());

    WorkloadState production = states.get(DeployEnvironment.PRODUCTION);
    assertThat(production.deployed()).isTrue();
    assertThat(production.workload()).isEqualTo("cool-api");
    assertThat(production.namespace()).isEqualTo("dp-t-healthy");
    assertThat(production.desiredReplicas()).isEqualTo(1);
    assertThat(production.availableReplicas()).isEqualTo(1);
    assertThat(production.updatedReplicas()).isEqualTo(1);
    assertThat(production.deploymentId()).isEqualTo(Specs.DEPLOYMENT_ID);
    assertThat(production.observedAt()).isEqualTo(CLOCK.instant());
    assertThat(production.pods()).singleElement().satisfies(pod -> {
      assertThat(pod.name()).startsWith("cool-api-");
      assertThat(pod.phase()).isEqualTo("Running");
      assertThat(pod.ready()).isTrue();
      assertThat(pod.healthy()).isTrue();
      assertThat(pod.restartCount()).isZero();
      assertThat(pod.reason()).isNull();
      assertThat(pod.lastTerminationReason()).isNull();
    });
    WorkloadState preview = states.get(DeployEnvironment.PREVIEW);
    assertThat(preview.deployed()).isFalse();
    assertThat(preview.workload()).isEqualTo("preview-cool-api");
    assertThat(preview.pods()).isEmpty();
  }

  @Test
  void standInPreviewIsReadApartFromProduction() {
    ServiceDeploymentSpec production = deploy(
        Specs.web().project("t", "envs").image(StandInObjects.image("envs-prod")), null);
    deploy(Specs.web().project("t", "envs").preview().image(StandInObjects.image("envs-preview")),
        PodBehaviour.imagePullFailure());

    await().atMost(Duration.ofSeconds(10)).until(() -> {
      var states = status.read(production.project(), production.service());
      return states.get(DeployEnvironment.PRODUCTION).readyReplicas() == 1
          && !states.get(DeployEnvironment.PREVIEW).pods().isEmpty()
          && "ImagePullBackOff".equals(states.get(DeployEnvironment.PREVIEW).pods().getFirst().reason());
    });
    var states = status.read(production.project(), production.service());
    WorkloadState preview = states.get(DeployEnvironment.PREVIEW);
    assertThat(preview.deployed()).isTrue();
    assertThat(preview.readyReplicas()).isZero();
    assertThat(preview.desiredReplicas()).isEqualTo(1);
    assertThat(preview.pods()).singleElement().satisfies(pod -> {
      assertThat(pod.name()).startsWith("preview-cool-api-");
      assertThat(pod.phase()).isEqualTo("Pending");
      assertThat(pod.healthy()).isFalse();
    });
    assertThat(states.get(DeployEnvironment.PRODUCTION).pods()).singleElement()
        .satisfies(pod -> assertThat(pod.healthy()).isTrue());
  }

  @Test
  void standInCrashLoopShowsRestartsReasonAndThePreviousInstancesLogNewestFirst() {
    List<String> lines = IntStream.rangeClosed(1, 30).mapToObj(i -> "line " + i).toList();
    ServiceDeploymentSpec spec = deploy(
        Specs.web().project("t", "crash").image(StandInObjects.image("crash")),
        PodBehaviour.crashLoop(3, lines));

    await().atMost(Duration.ofSeconds(10)).until(() -> {
      var pods = status.read(spec.project(), spec.service()).get(DeployEnvironment.PRODUCTION).pods();
      return !pods.isEmpty() && pods.getFirst().restartCount() >= 2
          && "CrashLoopBackOff".equals(pods.getFirst().reason());
    });
    WorkloadState production = status.read(spec.project(), spec.service()).get(DeployEnvironment.PRODUCTION);
    assertThat(production.readyReplicas()).isZero();
    assertThat(production.restarts()).isGreaterThanOrEqualTo(2);
    PodState pod = production.pods().getFirst();
    assertThat(pod.ready()).isFalse();
    assertThat(pod.lastTerminationReason()).isEqualTo("Error");
    assertThat(pod.lastExitCode()).isEqualTo(3);

    int before = cluster.requests().size();
    RuntimeLogs previous = logs.read(spec.project(), spec.service(), DeployEnvironment.PRODUCTION, true, 5, 64 * 1024);
    // One Pod list and one log request for the one container: no readiness wait (an informer's
    // list and watch of the pod, which fabric8's getLog() starts first, needing a watch grant).
    assertThat(cluster.requests().subList(before, cluster.requests().size()))
        .filteredOn(r -> ClusterComponent.API.userAgent().equals(r.userAgent()))
        .extracting(r -> r.method() + " " + r.attributes().verb() + " " + r.attributes().resource()
            + (r.attributes().subresource().isEmpty() ? "" : "/" + r.attributes().subresource()))
        .containsExactly("GET list pods", "GET get pods/log");
    assertThat(previous.previous()).isTrue();
    assertThat(previous.lines()).extracting(RuntimeLogLine::line)
        .containsExactly("line 30", "line 29", "line 28", "line 27", "line 26");
    assertThat(previous.lines()).allSatisfy(l -> {
      assertThat(l.pod()).isEqualTo(pod.name());
      assertThat(l.container()).isEqualTo("app");
    });
    assertThat(previous.truncated()).isTrue();

    // The byte bound: "line 30\n" and "line 29\n" are 8 bytes each.
    RuntimeLogs bounded = logs.read(spec.project(), spec.service(), DeployEnvironment.PRODUCTION, true, 100, 20);
    assertThat(bounded.lines()).extracting(RuntimeLogLine::line).containsExactly("line 30", "line 29");
    assertThat(bounded.truncated()).isTrue();
  }

  @Test
  void standInOomKilledIsTheLastTerminationReason() {
    ServiceDeploymentSpec spec = deploy(
        Specs.web().project("t", "oom").image(StandInObjects.image("oom")), PodBehaviour.oomKilled());

    await().atMost(Duration.ofSeconds(10)).until(() -> {
      var pods = status.read(spec.project(), spec.service()).get(DeployEnvironment.PRODUCTION).pods();
      return !pods.isEmpty() && "OOMKilled".equals(pods.getFirst().lastTerminationReason());
    });
    PodState pod = status.read(spec.project(), spec.service()).get(DeployEnvironment.PRODUCTION).pods().getFirst();
    assertThat(pod.lastExitCode()).isEqualTo(137);
    assertThat(pod.restartCount()).isPositive();
  }

  @Test
  void standInCurrentLogsOfAHealthyPodAndANoteWhenThereIsNoPreviousInstance() {
    ServiceDeploymentSpec spec = deploy(
        Specs.web().project("t", "logs").image(StandInObjects.image("logs")), null);
    await().atMost(Duration.ofSeconds(10)).until(
        () -> status.read(spec.project(), spec.service()).get(DeployEnvironment.PRODUCTION).readyReplicas() == 1);

    RuntimeLogs current = logs.read(spec.project(), spec.service(), DeployEnvironment.PRODUCTION, false, 100, 64 * 1024);
    assertThat(current.workload()).isEqualTo("cool-api");
    assertThat(current.lines()).extracting(RuntimeLogLine::line).contains("[kube-standin] app started");
    assertThat(current.truncated()).isFalse();
    assertThat(current.notes()).isEmpty();

    RuntimeLogs previous = logs.read(spec.project(), spec.service(), DeployEnvironment.PRODUCTION, true, 100, 64 * 1024);
    assertThat(previous.lines()).isEmpty();
    assertThat(previous.notes()).singleElement().asString()
        .contains("previous terminated container").contains("not found");
  }

  @Test
  void standInNothingDeployedReadsEmptyAndBadBoundsAreRefused() {
    ProjectRef nowhere = new ProjectRef("t", "nowhere");
    var states = status.read(nowhere, "ghost");
    assertThat(states.values()).allSatisfy(s -> {
      assertThat(s.deployed()).isFalse();
      assertThat(s.pods()).isEmpty();
    });
    assertThat(logs.read(nowhere, "ghost", DeployEnvironment.PREVIEW, false, 10, 100).lines()).isEmpty();
    assertThatThrownBy(() -> logs.read(nowhere, "ghost", DeployEnvironment.PREVIEW, false, 0, 100))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
