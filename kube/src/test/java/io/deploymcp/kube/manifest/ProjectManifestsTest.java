package io.deploymcp.kube.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.kube.naming.DnsNames;
import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.kube.spec.ProjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import org.junit.jupiter.api.Test;

class ProjectManifestsTest {
  private static final ProjectManifests MANIFESTS =
      new ProjectManifests(ClusterSettings.defaults("apps.example.com"));

  @Test
  void everyObjectLivesInTheProjectNamespaceAndIsOwned() {
    ProjectRef project = new ProjectRef("acme", "shop");
    ProjectObjects objects = MANIFESTS.desired(project);

    assertThat(objects.all()).first().isSameAs(objects.namespace());
    for (HasMetadata object : objects.all().subList(1, objects.all().size())) {
      assertThat(object.getMetadata().getNamespace()).isEqualTo("dp-acme-shop");
    }
    for (HasMetadata object : objects.all()) {
      assertThat(object.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "deploy-mcp")
          .containsEntry("dp.ml.ink/tenant", "acme")
          .containsEntry("dp.ml.ink/project", "shop");
    }
  }

  @Test
  void namespaceEnforcesRestrictedPodSecurity() {
    assertThat(MANIFESTS.namespace(new ProjectRef("acme", "shop")).getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
        .containsEntry("pod-security.kubernetes.io/warn", "restricted")
        .containsEntry("pod-security.kubernetes.io/audit", "restricted");
  }

  @Test
  void tenantAndProjectThatAreNoLabelValuesStillGiveValidObjects() {
    ProjectRef project = new ProjectRef("Acme Corporation International Holdings, Ltd.", "the-main-shop-project-for-2026");
    ProjectObjects objects = MANIFESTS.desired(project);

    assertThat(DnsNames.isDns1123Label(objects.namespace().getMetadata().getName())).isTrue();
    objects.namespace().getMetadata().getLabels().values()
        .forEach(value -> assertThat(DnsNames.isLabelValue(value)).as(value).isTrue());
  }

  @Test
  void ingressComesFromTheNamespaceAndTraefikOnly() {
    var rules = MANIFESTS.ingressPolicy(new ProjectRef("acme", "shop")).getSpec().getIngress();

    assertThat(rules).hasSize(2);
    NetworkPolicyPeer sameNamespace = rules.get(0).getFrom().get(0);
    assertThat(sameNamespace.getNamespaceSelector()).isNull();
    assertThat(sameNamespace.getIpBlock()).isNull();
    NetworkPolicyPeer traefik = rules.get(1).getFrom().get(0);
    // By the namespace's immutable name label: a tenant cannot label its way in.
    assertThat(traefik.getNamespaceSelector().getMatchLabels())
        .containsExactly(java.util.Map.entry("kubernetes.io/metadata.name", "dp-system"));
    assertThat(traefik.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "traefik");
  }

  @Test
  void egressAllowsDnsOnlyToTheClusterDnsPods() {
    var dns = MANIFESTS.egressPolicy(new ProjectRef("acme", "shop")).getSpec().getEgress().get(0);

    assertThat(dns.getPorts()).extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal()).containsExactly("UDP/53", "TCP/53");
    assertThat(dns.getTo()).singleElement().satisfies(peer -> {
      assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "kube-system");
      assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("k8s-app", "kube-dns");
    });
  }

  @Test
  void egressToTheInternetExceptsEveryPrivateRangeAndTheMetadataService() {
    var internet = MANIFESTS.egressPolicy(new ProjectRef("acme", "shop")).getSpec().getEgress().get(2);
    var block = internet.getTo().get(0).getIpBlock();

    assertThat(internet.getPorts()).isNullOrEmpty();
    assertThat(block.getCidr()).isEqualTo("0.0.0.0/0");
    assertThat(block.getExcept())
        .contains("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16");
  }

  @Test
  void defaultDenyCoversBothDirectionsWithNoRules() {
    var spec = MANIFESTS.defaultDeny(new ProjectRef("acme", "shop")).getSpec();

    assertThat(spec.getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(spec.getIngress()).isNullOrEmpty();
    assertThat(spec.getEgress()).isNullOrEmpty();
    assertThat(spec.getPodSelector().getMatchLabels()).isNullOrEmpty();
  }
}
