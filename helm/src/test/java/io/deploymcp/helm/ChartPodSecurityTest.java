package io.deploymcp.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.kube.podsecurity.PodSecurityRestrictedCheck;
import io.deploymcp.kube.podsecurity.PodSecurityViolation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pod the chart renders passes the project's Pod Security Standards "restricted" check
 * (kube's PodSecurityRestrictedCheck, the one the worker runs on customer pods) with a read-only
 * root filesystem; only the customer-pod rules (gVisor, no service account token) are left out
 * for the platform's own pods, which call the Kubernetes API.
 */
class ChartPodSecurityTest {
  private static final PodSecurityRestrictedCheck CHECK = PodSecurityRestrictedCheck.forPlatformComponents();

  static Stream<Arguments> workloads() {
    return Stream.of(Chart.deployMcp().render(), Chart.deployMcp().production().render(),
            Chart.deployMcp().set("worker.replicas", 3).set("api.replicas", 4).render())
        .flatMap(r -> r.objects().stream())
        .filter(o -> o instanceof Deployment || o instanceof StatefulSet || o instanceof DaemonSet
            || o instanceof Job || o instanceof CronJob || o instanceof Pod)
        .map(o -> Arguments.of(o.getKind() + " " + o.getMetadata().getName(), o));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workloads")
  void everyRenderedPodIsRestricted(String name, HasMetadata workload) {
    List<PodSecurityViolation> violations = CHECK.check(workload);

    assertThat(violations).as(name).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void theCheckSeesBothPlatformWorkloads() {
    assertThat(workloads()).hasSizeGreaterThanOrEqualTo(6);
  }
}
