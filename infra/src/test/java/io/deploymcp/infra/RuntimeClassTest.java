package io.deploymcp.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.infra.support.InfraObjects;
import io.deploymcp.infra.support.KubeObject;
import io.deploymcp.infra.support.Yaml;
import io.deploymcp.kube.settings.ClusterSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gVisor RuntimeClass (seed 001 §2, §7): handler runsc, its pods on the run pool only. */
class RuntimeClassTest {
  private final List<KubeObject> runtimeClasses =
      InfraObjects.manifests().stream().filter(o -> o.kind().equals("RuntimeClass")).toList();

  @Test
  void gvisorUsesTheRunscHandlerAndSchedulesOnTheRunPool() {
    assertThat(runtimeClasses).hasSize(1);
    KubeObject gvisor = runtimeClasses.getFirst();

    assertThat(gvisor.object().get("apiVersion")).isEqualTo("node.k8s.io/v1");
    assertThat(gvisor.object().get("handler")).isEqualTo("runsc");
    assertThat(Yaml.map(gvisor.object(), "scheduling.nodeSelector")).containsExactly(java.util.Map.entry("pool", "run"));
    // The run pool is untainted: nothing to tolerate.
    assertThat(Yaml.at(gvisor.object(), "scheduling.tolerations")).isNull();
  }

  @Test
  void itIsTheRuntimeClassTheWorkerPutsOnEveryPodByDefault() {
    assertThat(runtimeClasses.getFirst().name())
        .isEqualTo(ClusterSettings.defaults("apps.example.test").runtimeClass().orElseThrow());
  }
}
