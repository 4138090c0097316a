package io.deploymcp.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.infra.support.InfraObjects;
import io.deploymcp.infra.support.InfraSettings;
import io.deploymcp.infra.support.KubeObject;
import io.deploymcp.kubestandin.network.NetworkPolicyEvaluator;
import io.deploymcp.kubestandin.network.NetworkPolicyEvaluator.Endpoint;
import io.deploymcp.kubestandin.network.NetworkPolicyEvaluator.Port;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The BuildKit and registry NetworkPolicies admit only what seed 001 §13 allows: BuildKit "only
 * reachable from dp-system (worker)"; the registry from the worker, BuildKit and the nodes'
 * network (kubelet pulls through the host port), never from customer pods or the internet. The
 * policies are read with fabric8's model and evaluated by the NetworkPolicy API's rules
 * (NetworkPolicyEvaluator); how a real CNI treats host-network and masqueraded traffic is a
 * cluster check (docs/install.md).
 */
class NetworkPolicyTest {
  private static final String NS = "dp-system";
  private final InfraSettings settings = InfraSettings.defaults();
  private final NetworkPolicyEvaluator policies = new NetworkPolicyEvaluator(policies());

  private final Endpoint buildkitd = Endpoint.pod(NS, Map.of("app.kubernetes.io/name", "buildkitd"), "10.42.2.7");
  private final Endpoint registry = Endpoint.pod(NS, Map.of("app.kubernetes.io/name", "registry"), "10.42.1.3");
  private final Endpoint worker = Endpoint.pod(NS, platform("worker"), "10.42.0.15");
  private final Endpoint api = Endpoint.pod(NS, platform("api"), "10.42.0.16");
  private final Endpoint registryGc = Endpoint.pod(NS, platform("registry-gc"), "10.42.1.20");
  /** A customer pod that copies the GC job's labels. */
  private final Endpoint gcImpostor = Endpoint.pod("dp-acme-web", platform("registry-gc"), "10.42.3.11");
  private final Endpoint customer = Endpoint.pod("dp-acme-web", Map.of("app", "shop"), "10.42.3.9");
  /** A customer pod that copies the worker's labels: pod selectors still only match dp-system. */
  private final Endpoint impostor = Endpoint.pod("dp-acme-web", platform("worker"), "10.42.3.10");
  private final Endpoint traefikOnARunNode = Endpoint.address("10.0.1.100");
  private final Endpoint internet = Endpoint.address("203.0.113.7");

  private static Map<String, String> platform(String component) {
    return Map.of("app.kubernetes.io/name", "deploy-mcp", "app.kubernetes.io/component", component);
  }

  private static List<NetworkPolicy> policies() {
    KubernetesSerialization serialization = new KubernetesSerialization();
    return InfraObjects.manifests().stream()
        .filter(o -> o.kind().equals("NetworkPolicy"))
        .map(KubeObject::object)
        .map(o -> serialization.convertValue(o, NetworkPolicy.class))
        .toList();
  }

  @Test
  void onlyTheWorkerReachesBuildkitAndOnlyOnItsPort() {
    assertThat(policies.admits(worker, buildkitd, Port.tcp(1234))).isTrue();

    assertThat(policies.admits(worker, buildkitd, Port.tcp(22))).isFalse();
    assertThat(policies.admits(worker, buildkitd, Port.udp(1234))).isFalse();
    assertThat(policies.admits(api, buildkitd, Port.tcp(1234))).isFalse();
    assertThat(policies.admits(registry, buildkitd, Port.tcp(1234))).isFalse();
    assertThat(policies.admits(customer, buildkitd, Port.tcp(1234))).isFalse();
    assertThat(policies.admits(impostor, buildkitd, Port.tcp(1234))).isFalse();
    assertThat(policies.admits(traefikOnARunNode, buildkitd, Port.tcp(1234))).isFalse();
    assertThat(policies.admits(internet, buildkitd, Port.tcp(1234))).isFalse();
  }

  @Test
  void theRegistryAdmitsTheWorkerBuildkitAndTheNodesNetworkOnly() {
    Endpoint kubelet = Endpoint.address(settings.value("REGISTRY_IP").replaceAll("\\.\\d+$", ".100"));

    assertThat(policies.admits(worker, registry, Port.tcp(5000))).isTrue();
    assertThat(policies.admits(buildkitd, registry, Port.tcp(5000))).isTrue();
    assertThat(policies.admits(kubelet, registry, Port.tcp(5000))).isTrue();
    assertThat(policies.admits(registryGc, registry, Port.tcp(5000))).isTrue();

    assertThat(policies.admits(api, registry, Port.tcp(5000))).isFalse();
    assertThat(policies.admits(customer, registry, Port.tcp(5000))).isFalse();
    assertThat(policies.admits(impostor, registry, Port.tcp(5000))).isFalse();
    assertThat(policies.admits(gcImpostor, registry, Port.tcp(5000))).isFalse();
    assertThat(policies.admits(registryGc, buildkitd, Port.tcp(1234))).isFalse();
    assertThat(policies.admits(internet, registry, Port.tcp(5000))).isFalse();
    assertThat(policies.admits(worker, registry, Port.tcp(5001))).isFalse();
    // Prometheus reaches the metrics port, and nothing else of the registry.
    Endpoint prometheus = Endpoint.pod(NS, Map.of("app.kubernetes.io/name", "prometheus"), "10.42.1.30");
    assertThat(policies.admits(prometheus, registry, Port.tcp(5001))).isTrue();
    assertThat(policies.admits(prometheus, registry, Port.tcp(5000))).isFalse();
    assertThat(policies.admits(customer, registry, Port.tcp(5001))).isFalse();
    assertThat(policies.admits(kubelet, registry, Port.tcp(5001))).isFalse();
  }

  /**
   * Issue 13 (SSRF through a Dockerfile): what a build may fetch. A Dockerfile's FROM, ADD <url>
   * and RUN steps connect from the daemon's pod, so it reaches DNS, the registry and public 80/443
   * only: not the metadata service, the Kubernetes API, a node's kubelet, the platform or customers.
   */
  @Test
  void buildkitReachesDnsTheRegistryAndThePublicWebOnly() {
    Endpoint coreDns = Endpoint.pod("kube-system", Map.of("k8s-app", "kube-dns"), "10.42.0.3");
    Endpoint registryHostPort = Endpoint.address(settings.value("REGISTRY_IP"));
    Endpoint publicRegistry = Endpoint.address("registry-1.docker.io", "34.226.69.105");

    assertThat(policies.admits(buildkitd, coreDns, Port.udp(53))).isTrue();
    assertThat(policies.admits(buildkitd, coreDns, Port.tcp(53))).isTrue();
    assertThat(policies.admits(buildkitd, registryHostPort, Port.tcp(5000))).isTrue();
    assertThat(policies.admits(buildkitd, registry, Port.tcp(5000))).isTrue();
    assertThat(policies.admits(buildkitd, publicRegistry, Port.tcp(443))).isTrue();
    assertThat(policies.admits(buildkitd, internet, Port.tcp(80))).isTrue();

    // Not a public address on another port, and nothing internal on any port.
    assertThat(policies.admitsEgress(buildkitd, internet, Port.tcp(22))).isFalse();
    for (String internal : List.of("169.254.169.254", "100.100.100.200", "10.43.0.1", "10.0.1.2",
        "172.16.0.10", "192.168.1.1")) {
      for (Port port : List.of(Port.tcp(80), Port.tcp(443), Port.tcp(6443), Port.tcp(10250))) {
        assertThat(policies.admitsEgress(buildkitd, Endpoint.address(internal), port))
            .as("buildkitd -> %s %s", internal, port).isFalse();
      }
    }
    assertThat(policies.admitsEgress(buildkitd, registryHostPort, Port.tcp(22))).isFalse();
    assertThat(policies.admitsEgress(buildkitd, worker, Port.tcp(8080))).isFalse();
    assertThat(policies.admitsEgress(buildkitd, api, Port.tcp(8080))).isFalse();
    assertThat(policies.admitsEgress(buildkitd, customer, Port.tcp(80))).isFalse();
    assertThat(policies.admitsEgress(buildkitd, Endpoint.pod(NS, Map.of("app.kubernetes.io/name", "postgres"), "10.42.1.5"),
        Port.tcp(5432))).isFalse();
  }

  @Test
  void theNodesNetworkIsTheSettingAndPodsAreOutsideIt() {
    assertThat(policies.admits(Endpoint.address("10.0.2.1"), registry, Port.tcp(5000))).isFalse();
    assertThat(settings.value("NODE_CIDR")).isEqualTo("10.0.1.0/24");
    // k3s' default pod network (10.42.0.0/16) lies outside the node network the registry admits.
    assertThat(io.deploymcp.kube.settings.Cidr.parse(settings.value("NODE_CIDR")).contains(customer.ip())).isFalse();
  }

  @Test
  void podsNoPolicySelectsStayOpenSoTheEvaluatorIsNotVacuous() {
    Endpoint other = Endpoint.pod(NS, Map.of("app.kubernetes.io/name", "loki"), "10.42.1.4");

    assertThat(policies.admits(customer, other, Port.tcp(3100))).isTrue();
  }
}
