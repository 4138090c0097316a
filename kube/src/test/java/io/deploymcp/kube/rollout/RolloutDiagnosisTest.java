package io.deploymcp.kube.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.kube.Specs;
import io.deploymcp.kube.manifest.Labels;
import io.deploymcp.kube.manifest.ServiceManifests;
import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.kube.spec.ServiceDeploymentSpec;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The diagnosis rules on hand-made statuses: the cases the stand-in does not script. */
class RolloutDiagnosisTest {

  private static final ServiceDeploymentSpec SPEC = Specs.web().build();
  private static final Deployment DEPLOYMENT = new DeploymentBuilder(
      new ServiceManifests(ClusterSettings.defaults("apps.example.com")).deployment(SPEC))
      .editMetadata().withUid("d-uid").withGeneration(2L).endMetadata()
      .withNewStatus().withObservedGeneration(2L).endStatus()
      .build();
  private static final ReplicaSet REPLICA_SET = new ReplicaSetBuilder()
      .withNewMetadata().withName("cool-api-abc").withUid("rs-uid").endMetadata()
      .withNewStatus().withReplicas(1).withReadyReplicas(0).withAvailableReplicas(0).endStatus()
      .build();

  private static Pod pod(ContainerStatus status) {
    return new PodBuilder()
        .withNewMetadata().withName("cool-api-abc-x1").withUid("pod-uid")
          .withCreationTimestamp("2026-01-01T00:00:00Z")
          .addToLabels(Labels.DEPLOYMENT_ID, SPEC.deploymentId()).endMetadata()
        .withSpec(DEPLOYMENT.getSpec().getTemplate().getSpec())
        .withNewStatus().withPhase("Running").withContainerStatuses(status).endStatus()
        .build();
  }

  private static Event event(String type, String reason, String message, String time) {
    return new EventBuilder()
        .withNewMetadata().withName("e-" + reason + time).endMetadata()
        .withNewInvolvedObject().withKind("Pod").withName("cool-api-abc-x1").withUid("pod-uid")
          .withFieldPath("spec.containers{app}").endInvolvedObject()
        .withType(type).withReason(reason).withMessage(message).withLastTimestamp(time)
        .build();
  }

  private static RolloutDiagnosis.Verdict evaluate(Pod pod, Event... events) {
    return RolloutDiagnosis.evaluate(SPEC, new RolloutSnapshot(DEPLOYMENT, REPLICA_SET, List.of(pod), List.of(events)));
  }

  private static ContainerStatus restarted(int restarts, String reason, int exitCode) {
    return new ContainerStatusBuilder().withName("app").withRestartCount(restarts).withReady(false)
        .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
        .withNewLastState().withNewTerminated().withExitCode(exitCode).withReason(reason)
          .withMessage("termination message").endTerminated().endLastState()
        .build();
  }

  @Test
  void containerKilledByItsLivenessProbeIsProbeFailedNotCrashLoop() {
    var verdict = evaluate(pod(restarted(2, "Error", 137)),
        event("Warning", "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 404",
            "2026-01-01T00:00:30Z"),
        event("Normal", "Killing", "Container app failed liveness probe, will be restarted",
            "2026-01-01T00:00:31Z"));

    assertThat(verdict).isInstanceOfSatisfying(RolloutDiagnosis.Failed.class, f -> {
      assertThat(f.finding().code()).isEqualTo(RolloutFailure.PROBE_FAILED);
      assertThat(f.finding().evidence()).startsWith("liveness probe HTTP GET /healthz on port 8080")
          .contains("last status HTTP 404").contains("restarted 2 times");
      assertThat(f.finding().hint()).contains("Nothing is served at health_check_path /healthz");
    });
  }

  @Test
  void oneCrashIsNotYetACrashLoop() {
    assertThat(evaluate(pod(restarted(1, "Error", 1)))).isInstanceOf(RolloutDiagnosis.Waiting.class);
    assertThat(evaluate(pod(restarted(2, "Error", 1))))
        .isInstanceOfSatisfying(RolloutDiagnosis.Failed.class,
            f -> assertThat(f.finding().code()).isEqualTo(RolloutFailure.CRASH_LOOP));
  }

  @Test
  void transientPullErrorWaitsButAMissingImageFailsAtOnce() {
    ContainerStatus transientPull = new ContainerStatusBuilder().withName("app").withRestartCount(0)
        .withNewState().withNewWaiting().withReason("ErrImagePull")
          .withMessage("dial tcp 10.0.0.5:5000: i/o timeout").endWaiting().endState().build();
    ContainerStatus missing = new ContainerStatusBuilder(transientPull).editState().editWaiting()
        .withMessage("manifest unknown").endWaiting().endState().build();

    assertThat(evaluate(pod(transientPull))).isInstanceOf(RolloutDiagnosis.Waiting.class);
    assertThat(evaluate(pod(missing))).isInstanceOfSatisfying(RolloutDiagnosis.Failed.class,
        f -> assertThat(f.finding().code()).isEqualTo(RolloutFailure.IMAGE_PULL_FAILED));
  }

  @Test
  void podSecurityRefusalIsAConfigErrorForTheOperator() {
    ReplicaSet refused = new ReplicaSetBuilder(REPLICA_SET).editStatus().addNewCondition()
        .withType("ReplicaFailure").withStatus("True").withReason("FailedCreate")
        .withMessage("pods \"cool-api-abc-x\" is forbidden: violates PodSecurity \"restricted:latest\"")
        .endCondition().endStatus().build();

    var verdict = RolloutDiagnosis.evaluate(SPEC, new RolloutSnapshot(DEPLOYMENT, refused, List.of(), List.of()));

    assertThat(verdict).isInstanceOfSatisfying(RolloutDiagnosis.Failed.class, f -> {
      assertThat(f.finding().code()).isEqualTo(RolloutFailure.CONFIG_ERROR);
      assertThat(f.finding().hint()).contains("Pod Security");
    });
  }

  @Test
  void availableNewReplicaSetIsSuccessAndAnotherDeploymentIdIsSuperseded() {
    ReplicaSet ready = new ReplicaSetBuilder(REPLICA_SET).editStatus().withReadyReplicas(1)
        .withAvailableReplicas(1).endStatus().build();
    Deployment taken = new DeploymentBuilder(DEPLOYMENT).editMetadata()
        .addToAnnotations(Labels.ANNOTATION_DEPLOYMENT_ID, "newer").endMetadata().build();

    assertThat(RolloutDiagnosis.evaluate(SPEC, new RolloutSnapshot(DEPLOYMENT, ready, List.of(), List.of())))
        .isEqualTo(new RolloutDiagnosis.Available(1, 1));
    assertThat(RolloutDiagnosis.evaluate(SPEC, new RolloutSnapshot(taken, ready, List.of(), List.of())))
        .isInstanceOfSatisfying(RolloutDiagnosis.Superseded.class, s -> assertThat(s.by()).isEqualTo("newer"));
    assertThat(RolloutDiagnosis.evaluate(SPEC, new RolloutSnapshot(null, null, List.of(), List.of())))
        .isInstanceOfSatisfying(RolloutDiagnosis.Superseded.class, s -> assertThat(s.by()).isNull());
  }

  @Test
  void timeoutWithoutAnyFailingProbeIsRolloutTimeoutWithTheLastWarning() {
    ContainerStatus running = new ContainerStatusBuilder().withName("app").withRestartCount(0).withReady(false)
        .withNewState().withNewRunning().withStartedAt("2026-01-01T00:00:00Z").endRunning().endState().build();
    RolloutSnapshot snapshot = new RolloutSnapshot(DEPLOYMENT, REPLICA_SET, List.of(pod(running)),
        List.of(event("Warning", "FailedMount", "MountVolume.SetUp failed for volume \"tmp\"", "2026-01-01T00:00:05Z")));

    RolloutDiagnosis.Finding finding = RolloutDiagnosis.timedOut(SPEC, snapshot, Duration.ofSeconds(120));

    assertThat(finding.code()).isEqualTo(RolloutFailure.ROLLOUT_TIMEOUT);
    assertThat(finding.evidence()).isEqualTo("not available after 120 s: 0/1 new pods ready; pod cool-api-abc-x1:"
        + " Running, app running, not ready; last warning: FailedMount: MountVolume.SetUp failed for volume \"tmp\"");
  }

  @Test
  void quotaRefusalNamesEveryExceededResource() {
    QuotaRefusal refusal = QuotaRefusal.parse("pods \"api-7c9-x\" is forbidden: exceeded quota: quota, requested:"
        + " limits.memory=1Gi,requests.memory=1Gi, used: limits.memory=7680Mi,requests.memory=3840Mi, limited:"
        + " limits.memory=8Gi,requests.memory=4Gi");

    assertThat(refusal.quota()).isEqualTo("quota");
    assertThat(refusal.resources()).extracting(QuotaRefusal.Resource::name)
        .containsExactly("limits.memory", "requests.memory");
    assertThat(refusal.evidence()).isEqualTo("ResourceQuota quota refused the pod: limits.memory requested 1Gi,"
        + " used 7680Mi, limited 8Gi; requests.memory requested 1Gi, used 3840Mi, limited 4Gi");
    assertThat(QuotaRefusal.parse("something else").evidence()).contains("something else");
  }

  @Test
  void crashHintsReadTheLogForMissingVariablesAndReadOnlyFiles() {
    assertThat(RolloutHints.missingVariable("Error: DATABASE_URL is not set")).isEqualTo("DATABASE_URL");
    assertThat(RolloutHints.missingVariable("missing required environment variable: STRIPE_KEY"))
        .isEqualTo("STRIPE_KEY");
    assertThat(RolloutHints.missingVariable("KeyError: 'REDIS_URL'")).isEqualTo("REDIS_URL");
    assertThat(RolloutHints.missingVariable("ERROR required field missing")).isNull();
    assertThat(RolloutHints.crash(1, "EROFS: read-only file system, open '/app/cache'")).contains("/tmp");
    assertThat(RolloutHints.crash(127, "")).contains("start command was not found");
    assertThat(RolloutHints.crash(0, "")).contains("must keep running");
  }

  @Test
  void logTailKeepsTheLastFiftyLines() {
    String log = String.join("\n", java.util.stream.IntStream.rangeClosed(1, 70).mapToObj(i -> "l" + i).toList()) + "\n";

    assertThat(RolloutWatcher.tail(log).lines().toList()).hasSize(50).startsWith("l21").endsWith("l70");
    assertThat(RolloutWatcher.tail("")).isEmpty();
  }
}
