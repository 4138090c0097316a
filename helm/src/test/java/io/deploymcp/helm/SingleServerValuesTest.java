package io.deploymcp.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/**
 * ci/single-server-values.yaml on top of the production-like values: every platform pod selects
 * the one node's pool (run), and nothing else of the production render changes.
 */
class SingleServerValuesTest {
  private final Chart.Rendered production = Chart.deployMcp().production().render();
  private final Chart.Rendered single =
      Chart.deployMcp().production().values(Chart.directory().resolve("ci/single-server-values.yaml")).render();

  @Test
  void theApiAndWorkerSelectTheRunPoolOfTheOneNode() {
    assertThat(single.all(Deployment.class)).hasSize(2).allSatisfy(deployment ->
        assertThat(deployment.getSpec().getTemplate().getSpec().getNodeSelector())
            .as(deployment.getMetadata().getName()).containsExactlyEntriesOf(java.util.Map.of("pool", "run")));
    assertThat(production.all(Deployment.class)).allSatisfy(deployment ->
        assertThat(deployment.getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("pool", "ctrl"));
  }

  @Test
  void onlyThePlacementDiffersFromTheProductionRender() {
    assertThat(single.names()).containsExactlyInAnyOrderElementsOf(production.names());
    for (Deployment deployment : single.all(Deployment.class)) {
      Deployment original = production.get(Deployment.class, deployment.getMetadata().getName());
      original.getSpec().getTemplate().getSpec().setNodeSelector(deployment.getSpec().getTemplate().getSpec().getNodeSelector());
      assertThat(deployment).isEqualTo(original);
    }
  }
}
