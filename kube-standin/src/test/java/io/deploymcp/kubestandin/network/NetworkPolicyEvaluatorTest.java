package io.deploymcp.kubestandin.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.kubestandin.network.NetworkPolicyEvaluator.Direction;
import io.deploymcp.kubestandin.network.NetworkPolicyEvaluator.Endpoint;
import io.deploymcp.kubestandin.network.NetworkPolicyEvaluator.Port;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlockBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CNI stand-in's decisions on small hand-made policies. */
class NetworkPolicyEvaluatorTest {
  private static final Map<String, String> WORKER = Map.of("app", "worker");
  private static final Endpoint WORKER_POD = Endpoint.pod("worker", "ns", WORKER);

  @Test
  void aPodNoPolicySelectsIsNotIsolated() {
    var evaluator = new NetworkPolicyEvaluator(List.of(egressToPublicHttps(Map.of("app", "other"))), "ns");

    assertThat(evaluator.isolates(WORKER_POD, Direction.EGRESS)).isFalse();
    assertThat(evaluator.admitsEgress(WORKER_POD, Endpoint.address("smtp", "8.8.8.8"), Port.tcp(25))).isTrue();
  }

  @Test
  void anIpBlockAdmitsItsRangeOnItsPortsButNotItsExceptions() {
    var evaluator = new NetworkPolicyEvaluator(List.of(egressToPublicHttps(WORKER)), "ns");

    assertThat(evaluator.isolates(WORKER_POD, Direction.EGRESS)).isTrue();
    assertThat(evaluator.isolates(WORKER_POD, Direction.INGRESS)).isFalse();
    assertThat(evaluator.admitsEgress(WORKER_POD, Endpoint.address("public", "140.82.121.4"), Port.tcp(443))).isTrue();
    assertThat(evaluator.admitsEgress(WORKER_POD, Endpoint.address("private", "10.1.2.3"), Port.tcp(443))).isFalse();
    assertThat(evaluator.admitsEgress(WORKER_POD, Endpoint.address("public", "140.82.121.4"), Port.tcp(80))).isFalse();
    assertThat(evaluator.admitsEgress(WORKER_POD, Endpoint.address("public", "140.82.121.4"), Port.udp(443))).isFalse();
    assertThat(evaluator.admitsEgress(WORKER_POD, Endpoint.pod("pod", "ns", Map.of()), Port.tcp(443))).isFalse();
  }

  @Test
  void aPodSelectorAlonePeersOnlyWithPodsOfThePolicysNamespace() {
    NetworkPolicy onlyTheWorker = new NetworkPolicyBuilder()
        .withNewMetadata().withName("buildkitd").withNamespace("dp-system").endMetadata()
        .withNewSpec()
          .withNewPodSelector().withMatchLabels(Map.of("app", "buildkitd")).endPodSelector()
          .withPolicyTypes("Ingress")
          .addNewIngress()
            .addNewFrom().withNewPodSelector().withMatchLabels(WORKER).endPodSelector().endFrom()
            .addNewPort().withNewPort(1234).endPort()
          .endIngress()
        .endSpec().build();
    var evaluator = new NetworkPolicyEvaluator(List.of(onlyTheWorker));
    Endpoint buildkitd = Endpoint.pod("buildkitd", "dp-system", Map.of("app", "buildkitd"));

    assertThat(evaluator.admits(Endpoint.pod("worker", "dp-system", WORKER), buildkitd, Port.tcp(1234))).isTrue();
    assertThat(evaluator.admits(Endpoint.pod("impostor", "dp-acme", WORKER), buildkitd, Port.tcp(1234))).isFalse();
    assertThat(evaluator.admits(Endpoint.pod("worker", "dp-system", WORKER), buildkitd, Port.tcp(22))).isFalse();
    assertThat(evaluator.admits(Endpoint.address("a node", "10.0.1.5"), buildkitd, Port.tcp(1234))).isFalse();
  }

  @Test
  void namespaceSelectorsUseTheNamespaceNameLabelAndMatchExpressions() {
    NetworkPolicy fromPlatform = new NetworkPolicyBuilder()
        .withNewMetadata().withName("api").withNamespace("dp-system").endMetadata()
        .withNewSpec()
          .withNewPodSelector().endPodSelector()
          .addNewIngress()
            .addNewFrom().withNewNamespaceSelector()
              .addNewMatchExpression().withKey("kubernetes.io/metadata.name").withOperator("In")
                .withValues("dp-system", "monitoring").endMatchExpression()
            .endNamespaceSelector().endFrom()
          .endIngress()
        .endSpec().build();
    var evaluator = new NetworkPolicyEvaluator(List.of(fromPlatform));
    Endpoint api = Endpoint.pod("api", "dp-system", Map.of("app", "api"));

    assertThat(evaluator.admitsIngress(Endpoint.pod("prometheus", "monitoring", Map.of()), api, Port.tcp(8080))).isTrue();
    assertThat(evaluator.admitsIngress(Endpoint.pod("customer", "dp-acme", Map.of()), api, Port.tcp(8080))).isFalse();
  }

  @Test
  void aConnectionNeedsTheSourcesEgressAndTheTargetsIngress() {
    NetworkPolicy denyIngress = new NetworkPolicyBuilder()
        .withNewMetadata().withName("deny").withNamespace("ns").endMetadata()
        .withNewSpec().withNewPodSelector().withMatchLabels(Map.of("app", "db")).endPodSelector()
        .withPolicyTypes("Ingress").endSpec().build();
    var evaluator = new NetworkPolicyEvaluator(List.of(denyIngress, namespaced(egressToPublicHttps(WORKER))));
    Endpoint db = Endpoint.pod("db", "ns", Map.of("app", "db"));

    assertThat(evaluator.admitsEgress(Endpoint.pod("web", "ns", Map.of()), db, Port.tcp(5432))).isTrue();
    assertThat(evaluator.admits(Endpoint.pod("web", "ns", Map.of()), db, Port.tcp(5432))).isFalse();
  }

  @Test
  void namedPortsMatchTheContainerPortsName() {
    NetworkPolicy http = new NetworkPolicyBuilder()
        .withNewMetadata().withName("http").withNamespace("ns").endMetadata()
        .withNewSpec().withNewPodSelector().endPodSelector()
        .addNewIngress().addNewPort().withNewPort("http").endPort().endIngress().endSpec().build();
    var evaluator = new NetworkPolicyEvaluator(List.of(http));
    Endpoint api = Endpoint.pod("api", "ns", Map.of());

    assertThat(evaluator.admitsIngress(Endpoint.address("1.2.3.4"), api, new Port("TCP", 8080, "http"))).isTrue();
    assertThat(evaluator.admitsIngress(Endpoint.address("1.2.3.4"), api, new Port("TCP", 8080, "metrics"))).isFalse();
  }

  @Test
  void aPolicyWithoutNamespaceNeedsADefault() {
    assertThatThrownBy(() -> new NetworkPolicyEvaluator(List.of(egressToPublicHttps(WORKER))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names no namespace");
  }

  @Test
  void cidrsCompareByPrefix() {
    assertThat(NetworkPolicyEvaluator.inCidr("10.0.1.0/24", "10.0.1.255")).isTrue();
    assertThat(NetworkPolicyEvaluator.inCidr("10.0.1.0/24", "10.0.2.0")).isFalse();
    assertThat(NetworkPolicyEvaluator.inCidr("0.0.0.0/0", "203.0.113.9")).isTrue();
    assertThat(NetworkPolicyEvaluator.inCidr("10.0.1.1/32", "10.0.1.1")).isTrue();
    assertThat(NetworkPolicyEvaluator.inCidr("10.0.0.0/8", "::1")).isFalse();
    assertThatThrownBy(() -> NetworkPolicyEvaluator.inCidr("10.0.0.0/8", "github.com"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static NetworkPolicy egressToPublicHttps(Map<String, String> selected) {
    return new NetworkPolicyBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec()
        .withNewPodSelector().withMatchLabels(selected).endPodSelector()
        .withPolicyTypes("Egress")
        .addNewEgress()
          .addNewTo().withIpBlock(new IPBlockBuilder().withCidr("0.0.0.0/0").withExcept("10.0.0.0/8").build()).endTo()
          .addNewPort().withProtocol("TCP").withNewPort(443).endPort()
        .endEgress()
        .endSpec().build();
  }

  private static NetworkPolicy namespaced(NetworkPolicy policy) {
    policy.getMetadata().setNamespace("ns");
    return policy;
  }
}
