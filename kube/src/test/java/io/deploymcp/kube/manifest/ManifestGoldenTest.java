package io.deploymcp.kube.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.kube.Specs;
import io.deploymcp.kube.settings.Cidr;
import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.kube.settings.IngressTls;
import io.deploymcp.kube.settings.NetworkSettings;
import io.deploymcp.kube.spec.ProjectRef;
import io.deploymcp.kube.spec.ServiceDeploymentSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every generated object, as YAML, against the files under src/test/resources/golden/. A diff
 * in one of these is a change to what runs on the cluster: review it like one.
 */
class ManifestGoldenTest {
  private static final ClusterSettings SETTINGS = ClusterSettings.defaults("apps.example.com");
  private static final ServiceManifests SERVICES = new ServiceManifests(SETTINGS);

  @Test
  void projectNamespacePoliciesQuotaAndLimitRange() {
    ProjectObjects objects = new ProjectManifests(SETTINGS).desired(new ProjectRef("acme", "shop"));
    golden("project", objects.all());
  }

  @Test
  void projectWithNodeNetworkAllowedInAndClusterApiAndRegistryDenied() {
    NetworkSettings network =
        new NetworkSettings(
            "kube-system",
            Map.of("app.kubernetes.io/name", "traefik", "app.kubernetes.io/instance", "traefik-kube-system"),
            List.of(Cidr.parse("10.0.1.0/24")),
            "kube-system",
            Map.of("k8s-app", "kube-dns"),
            List.of(Cidr.parse("203.0.113.10"), Cidr.parse("198.51.100.0/28")));
    ClusterSettings settings =
        ClusterSettings.builder("apps.example.com").network(network).podSecurityVersion("v1.33").build();
    golden("project-custom-network", new ProjectManifests(settings).desired(new ProjectRef("acme", "shop")).all());
  }

  @Test
  void webServiceWithHealthPath() {
    golden("web-production", service(Specs.web().build()));
  }

  @Test
  void webServiceWithoutHealthPathProbesTheTcpPort() {
    golden("web-production-tcp-probe", service(Specs.web().healthCheckPath(null).cpuMillis(1000).memoryMib(1024).build()));
  }

  @Test
  void webServicePreview() {
    golden("web-preview", service(Specs.web().preview().build()));
  }

  @Test
  void workerWithoutHealthPathHasNoPortsNoProbesNoServiceNoIngress() {
    golden("worker-production", service(Specs.worker().build()));
  }

  @Test
  void workerWithHealthPathIsProbedOverHttp() {
    golden("worker-health-path", service(Specs.worker().healthCheckPath("/ready").port(9000).build()));
  }

  @Test
  void cronService() {
    golden("cron-production", service(Specs.cron().build()));
  }

  @Test
  void cronServicePreview() {
    golden("cron-preview", service(Specs.cron().preview().commitSha(null).build()));
  }

  @Test
  void webServiceAsTheSeedWritesItWithoutSandboxTlsBlockOrIngressClass() {
    ClusterSettings settings =
        ClusterSettings.builder("breacher.org")
            .sandboxDisabled(true)
            .ingressTls(IngressTls.NONE)
            .ingressClassName(null)
            .ingressAnnotations(Map.of("traefik.ingress.kubernetes.io/router.entrypoints", "websecure"))
            .build();
    List<HasMetadata> objects =
        new ServiceManifests(settings).desired(Specs.web().build(), Specs.placeholderEnv()).all();
    golden("web-seed-style", objects);
  }

  private static List<HasMetadata> service(ServiceDeploymentSpec spec) {
    return SERVICES.desired(spec, Specs.placeholderEnv()).all();
  }

  private static void golden(String name, List<HasMetadata> objects) {
    String yaml = ManifestYaml.dump(objects);
    GoldenFiles.assertMatches(name, yaml);
    // The YAML is Kubernetes YAML: it reads back into equal objects.
    KubernetesSerialization serialization = new KubernetesSerialization();
    List<HasMetadata> back = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\n")) {
      if (!document.isBlank()) {
        back.add(serialization.unmarshal(document));
      }
    }
    assertThat(back).isEqualTo(objects);
  }
}
