package io.deploymcp.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.infra.support.InfraObjects;
import io.deploymcp.infra.support.KubeObject;
import io.deploymcp.infra.support.PodPlacement;
import io.deploymcp.infra.support.Pool;
import io.deploymcp.infra.support.Yaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every workload runs on its pool (seed 001 §2) with the tolerations that pool needs (only ops
 * and build are tainted, seed §0) and with requests and limits: the manifests themselves, and in
 * the chart values the paths each chart turns into its pods' nodeSelector, tolerations and
 * resources (checked against the charts' values.yaml, infra/README.md).
 */
class WorkloadPlacementTest {
  @TempDir Path scratch;

  @Test
  void theManifestsWorkloadsAreOnTheirPools() {
    Map<String, Pool> expected = Map.of(
        "Deployment registry", Pool.OPS, "Deployment buildkitd", Pool.BUILD, "CronJob registry-gc", Pool.OPS);
    List<KubeObject> workloads = InfraObjects.manifests().stream().filter(o -> o.podSpec() != null).toList();

    assertThat(workloads.stream().map(o -> o.kind() + " " + o.name())).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (KubeObject w : workloads) {
      assertThat(PodPlacement.onPool(w.podSpec(), expected.get(w.kind() + " " + w.name()))).as("%s", w).isEmpty();
    }
  }

  @Test
  void theTemporalSearchAttributeJobIsOnTheOpsPool() {
    List<KubeObject> jobs = InfraObjects.temporalExtraObjects(scratch);

    assertThat(jobs).extracting(KubeObject::kind).containsExactly("Job");
    assertThat(PodPlacement.onPool(jobs.getFirst().podSpec(), Pool.OPS)).isEmpty();
  }

  @Test
  void theRenderedChartsWorkloadsHaveResources() {
    List<KubeObject> objects = InfraObjects.chartRenders();
    for (KubeObject o : objects) {
      if (o.podSpec() != null) {
        assertThat(PodPlacement.resources(o.podSpec())).as("%s", o).isEmpty();
      }
    }
  }

  /** file | where the chart reads the pod's nodeSelector, tolerations and resources (blank: none) | pool. */
  @ParameterizedTest(name = "{0}: {1} on {4}")
  @CsvSource(delimiter = '|', textBlock = """
      traefik.yml               | (top)                                 | nodeSelector                        | tolerations                        | resources                        | RUN
      cert-manager.yml          | controller                            | nodeSelector                        | tolerations                        | resources                        | CTRL
      cert-manager.yml          | webhook                               | webhook.nodeSelector                | webhook.tolerations                | webhook.resources                | CTRL
      cert-manager.yml          | cainjector                            | cainjector.nodeSelector             | cainjector.tolerations             | cainjector.resources             | CTRL
      cert-manager.yml          | startupapicheck                       | startupapicheck.nodeSelector        | startupapicheck.tolerations        | startupapicheck.resources        | CTRL
      loki.yml                  | singleBinary                          | singleBinary.nodeSelector           | singleBinary.tolerations           | singleBinary.resources           | OPS
      kube-prometheus-stack.yml | prometheus                            | prometheus.prometheusSpec.nodeSelector | prometheus.prometheusSpec.tolerations | prometheus.prometheusSpec.resources | OPS
      kube-prometheus-stack.yml | operator                              | prometheusOperator.nodeSelector     | prometheusOperator.tolerations     | prometheusOperator.resources     | OPS
      kube-prometheus-stack.yml | webhook patch job                     | prometheusOperator.admissionWebhooks.patch.nodeSelector | prometheusOperator.admissionWebhooks.patch.tolerations | prometheusOperator.admissionWebhooks.patch.resources | OPS
      kube-prometheus-stack.yml | kube-state-metrics                    | kube-state-metrics.nodeSelector     | kube-state-metrics.tolerations     | kube-state-metrics.resources     | OPS
      grafana.yml               | grafana                               | nodeSelector                        | tolerations                        | resources                        | OPS
      temporal.yml              | server                                | server.nodeSelector                 | server.tolerations                 | server.resources                 | OPS
      temporal.yml              | admintools (and the schema jobs)      | admintools.nodeSelector             | admintools.tolerations             | admintools.resources             | OPS
      temporal.yml              | web                                   | web.nodeSelector                    | web.tolerations                    | web.resources                    | OPS
      temporal.yml              | test                                  | test.nodeSelector                   | test.tolerations                   | test.resources                   | OPS
      cloudnative-pg.yml        | operator                              | nodeSelector                        | tolerations                        | resources                        | OPS
      cnpg-cluster.yml          | instances                             | cluster.affinity.nodeSelector       | cluster.affinity.tolerations       | cluster.resources                | OPS
      """)
  void chartValuesPutEachWorkloadOnItsPool(
      String file, String workload, String nodeSelector, String tolerations, String resources, Pool pool) {
    Map<String, Object> values = InfraObjects.values(file);
    Map<String, Object> pod = new java.util.HashMap<>();
    pod.put("nodeSelector", Yaml.map(values, nodeSelector));
    pod.put("tolerations", Yaml.list(values, tolerations));

    assertThat(PodPlacement.onPool(pod, pool)).as("%s %s", file, workload).isEmpty();
    assertThat(PodPlacement.containerResources(workload, Yaml.map(values, resources))).isEmpty();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      alloy.yml                 | controller.tolerations                   | alloy.resources
      kube-prometheus-stack.yml | prometheus-node-exporter.tolerations     | prometheus-node-exporter.resources
      """)
  void daemonSetsOfEveryNodeTolerateBothTaintedPools(String file, String tolerations, String resources) {
    Map<String, Object> values = InfraObjects.values(file);

    assertThat(PodPlacement.onEveryNode(Map.of("tolerations", Yaml.list(values, tolerations)))).isEmpty();
    assertThat(PodPlacement.containerResources(file, Yaml.map(values, resources))).isEmpty();
  }

  @Test
  void sidecarsTheChartsAddHaveResourcesToo() {
    for (String path : List.of("alloy.yml:configReloader.resources", "grafana.yml:sidecar.resources",
        "grafana.yml:initChownData.resources", "kube-prometheus-stack.yml:prometheusOperator.prometheusConfigReloader.resources",
        "temporal.yml:schema.resources")) {
      String[] fileAndPath = path.split(":");
      assertThat(PodPlacement.containerResources(path, Yaml.map(InfraObjects.values(fileAndPath[0]), fileAndPath[1]))).isEmpty();
    }
  }

  @Test
  void aPodOnATaintedPoolWithoutItsTolerationIsCaught() {
    Map<String, Object> pod = Map.of("nodeSelector", Map.of("pool", "ops"), "containers", List.of(Map.of("name", "x")));

    assertThat(PodPlacement.onPool(pod, Pool.OPS))
        .contains("no toleration of pool=ops:NoSchedule", "container x has no resources.limits.memory");
    assertThat(PodPlacement.onPool(pod, Pool.BUILD)).contains("nodeSelector.pool is ops, not build");
  }
}
