package io.deploymcp.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.kube.access.ClusterComponent;
import io.deploymcp.kube.access.ClusterPermissions;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chart's ClusterRoles grant exactly what the code declares it calls (kube's
 * ClusterPermissions, derived from the CLUSTER_CALLS next to ClusterApplier, its removal,
 * RolloutWatcher, LiveStatusReader and RuntimeLogReader), and are bound to the ServiceAccount
 * each Deployment runs as. A call added to the code without the chart, or a grant added to the
 * chart without the code, fails here.
 */
class ChartRbacTest {
  private final Chart.Rendered rendered = Chart.deployMcp().production().render();

  @ParameterizedTest
  @EnumSource(ClusterComponent.class)
  void theRenderedClusterRoleGrantsExactlyTheDeclaredCalls(ClusterComponent component) {
    assertThat(RenderedRbac.grants(RenderedRbac.role(rendered, component)))
        .as("rendered ClusterRole %s vs ClusterPermissions.of(%s)", RenderedRbac.roleName(component), component)
        .containsExactlyInAnyOrderElementsOf(ClusterPermissions.of(component).grants());
  }

  @ParameterizedTest
  @EnumSource(ClusterComponent.class)
  void eachRoleIsBoundToTheServiceAccountItsDeploymentRunsAs(ClusterComponent component) {
    ClusterRoleBinding binding = RenderedRbac.binding(rendered, component);
    Deployment deployment = rendered.get(Deployment.class, RenderedRbac.roleName(component));

    assertThat(binding.getRoleRef().getName()).isEqualTo(RenderedRbac.roleName(component));
    assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
      assertThat(subject.getKind()).isEqualTo("ServiceAccount");
      assertThat(subject.getNamespace()).isEqualTo(Chart.NAMESPACE);
      assertThat(subject.getName()).isEqualTo(deployment.getSpec().getTemplate().getSpec().getServiceAccountName());
    });
  }
}
