package io.deploymcp.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.helm.NetworkPolicyEvaluator.Peer;
import io.deploymcp.helm.NetworkPolicyEvaluator.Port;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlockBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evaluator behind the egress checks, on small hand-made policies. */
class NetworkPolicyEvaluatorTest {
  private static final Map<String, String> POD = Map.of("app", "worker");

  @Test
  void aPodNoPolicySelectsIsNotIsolated() {
    var evaluator = new NetworkPolicyEvaluator(List.of(policy(Map.of("app", "other"))), "ns");

    assertThat(evaluator.admitsEgress(POD, Peer.address("x", "8.8.8.8"), Port.tcp(25))).isTrue();
  }

  @Test
  void anIpBlockAdmitsItsRangeOnItsPortsButNotItsExceptions() {
    var evaluator = new NetworkPolicyEvaluator(List.of(policy(POD)), "ns");

    assertThat(evaluator.admitsEgress(POD, Peer.address("public", "140.82.121.4"), Port.tcp(443))).isTrue();
    assertThat(evaluator.admitsEgress(POD, Peer.address("private", "10.1.2.3"), Port.tcp(443))).isFalse();
    assertThat(evaluator.admitsEgress(POD, Peer.address("public", "140.82.121.4"), Port.tcp(80))).isFalse();
    assertThat(evaluator.admitsEgress(POD, Peer.address("public", "140.82.121.4"), Port.udp(443))).isFalse();
    assertThat(evaluator.admitsEgress(POD, Peer.pod("pod", "ns", Map.of()), Port.tcp(443))).isFalse();
  }

  @Test
  void cidrsCompareByPrefix() {
    assertThat(NetworkPolicyEvaluator.inCidr("10.0.1.0/24", "10.0.1.255")).isTrue();
    assertThat(NetworkPolicyEvaluator.inCidr("10.0.1.0/24", "10.0.2.0")).isFalse();
    assertThat(NetworkPolicyEvaluator.inCidr("0.0.0.0/0", "203.0.113.9")).isTrue();
    assertThat(NetworkPolicyEvaluator.inCidr("10.0.1.1/32", "10.0.1.1")).isTrue();
    assertThat(NetworkPolicyEvaluator.inCidr("10.0.0.0/8", "::1")).isFalse();
  }

  private static NetworkPolicy policy(Map<String, String> selected) {
    return new NetworkPolicyBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec()
        .withNewPodSelector().withMatchLabels(selected).endPodSelector()
        .withPolicyTypes("Egress")
        .addNewEgress()
          .addNewTo().withIpBlock(new IPBlockBuilder().withCidr("0.0.0.0/0").withExcept("10.0.0.0/8").build()).endTo()
          .addNewPort().withProtocol("TCP").withNewPort(443).endPort()
        .endEgress()
        .endSpec().build();
  }
}
