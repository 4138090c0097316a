package io.deploymcp.kube.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.kube.Specs;
import io.deploymcp.kube.manifest.ProjectManifests;
import io.deploymcp.kube.manifest.ProjectObjects;
import io.deploymcp.kube.manifest.ServiceManifests;
import io.deploymcp.kube.manifest.ServiceObjects;
import io.deploymcp.kube.settings.ClusterSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The declared Kubernetes calls of each component: in step with the manifest builders, and as
 * an operator reads them in the chart's ClusterRoles (the helm module compares the rendered
 * roles with {@link ClusterPermissions}, and the stand-in's recorded requests with both).
 */
class ClusterPermissionsTest {
  private static final ClusterSettings SETTINGS = ClusterSettings.defaults("apps.example.com");

  @Test
  void theDeclaredKindsAreExactlyTheKindsTheBuildersProduce() {
    Set<Class<?>> produced = new HashSet<>();
    ProjectObjects project = new ProjectManifests(SETTINGS).desired(Specs.web().build().project());
    project.all().forEach(o -> produced.add(o.getClass()));
    ServiceManifests services = new ServiceManifests(SETTINGS);
    for (Specs specs : List.of(Specs.web(), Specs.worker(), Specs.cron(), Specs.web().preview(), Specs.cron().preview())) {
      services.desired(specs.build(), Specs.placeholderEnv()).all().forEach(o -> produced.add(o.getClass()));
    }

    Set<Class<? extends HasMetadata>> declared = new HashSet<>();
    declared.addAll(ProjectObjects.KINDS);
    declared.addAll(ServiceObjects.KINDS);
    assertThat(produced).as("kinds the builders produce").containsExactlyInAnyOrderElementsOf(declared);
  }

  @Test
  void theWorkerMayApplyItsKindsWatchRolloutsAndRemoveServicesAndNothingElse() {
    assertThat(ClusterPermissions.of(ClusterComponent.WORKER).grants()).containsExactlyInAnyOrderElementsOf(flat(
        g("apps/deployments", "get", "list", "watch", "create", "patch", "delete"),
        g("apps/replicasets", "list", "watch", "delete"),
        g("batch/cronjobs", "get", "list", "watch", "create", "patch", "delete"),
        g("batch/jobs", "list", "watch", "delete"),
        g("core/events", "list", "watch"),
        g("core/limitranges", "get", "create", "patch"),
        g("core/namespaces", "get", "list", "watch", "create", "patch", "delete"),
        g("core/pods", "list", "watch", "delete"),
        g("core/pods/log", "get"),
        g("core/resourcequotas", "get", "create", "patch"),
        g("core/secrets", "get", "list", "watch", "create", "patch", "delete"),
        g("core/services", "get", "list", "watch", "create", "patch", "delete"),
        g("networking.k8s.io/ingresses", "get", "list", "watch", "create", "patch", "delete"),
        g("networking.k8s.io/networkpolicies", "get", "create", "patch")));
  }

  @Test
  void theApiOnlyListsDeploymentsAndPodsAndReadsPodLogs() {
    ClusterPermissions api = ClusterPermissions.of(ClusterComponent.API);

    assertThat(api.grants()).containsExactlyInAnyOrderElementsOf(flat(
        g("apps/deployments", "list"), g("core/pods", "list"), g("core/pods/log", "get")));
    assertThat(api.rules()).extracting(ResourceAccess::describe)
        .containsExactly("core/pods", "core/pods/log", "apps/deployments");
  }

  @Test
  void rulesAreOnePerGroupAndResourceSortedByGroupThenResource() {
    List<ResourceAccess> rules = ClusterPermissions.of(ClusterComponent.WORKER).rules();

    assertThat(rules).extracting(r -> r.apiGroup() + " " + r.resource()).doesNotHaveDuplicates();
    assertThat(rules).isSortedAccordingTo(
        java.util.Comparator.comparing(ResourceAccess::apiGroup).thenComparing(ResourceAccess::resource));
  }

  @Test
  void eachComponentSendsItsOwnUserAgentWithThePlatformVersion() {
    assertThat(ClusterComponent.WORKER.userAgent()).isEqualTo("deploy-mcp-worker/" + ClusterComponent.VERSION);
    assertThat(ClusterComponent.API.userAgent()).isEqualTo("deploy-mcp-api/" + ClusterComponent.VERSION);
    assertThat(ClusterComponent.VERSION).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(ClusterComponent.ofUserAgent("deploy-mcp-api/0.1.0")).contains(ClusterComponent.API);
    assertThat(ClusterComponent.ofUserAgent("fabric8-kubernetes-client/8.0.0")).isEmpty();
  }

  private static List<String> flat(String[]... groups) {
    return Stream.of(groups).flatMap(Stream::of).toList();
  }

  private static String[] g(String resource, String... verbs) {
    int slash = resource.indexOf('/');
    String group = resource.substring(0, slash);
    return Stream.of(verbs)
        .map(v -> ClusterPermissions.grant(group.equals("core") ? "" : group, resource.substring(slash + 1), v))
        .toArray(String[]::new);
  }
}
