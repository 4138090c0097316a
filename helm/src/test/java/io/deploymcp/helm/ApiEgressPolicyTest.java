package io.deploymcp.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.kubestandin.network.NetworkPolicyEvaluator;
import io.deploymcp.kubestandin.network.NetworkPolicyEvaluator.Direction;
import io.deploymcp.kubestandin.network.NetworkPolicyEvaluator.Endpoint;
import io.deploymcp.kubestandin.network.NetworkPolicyEvaluator.Port;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API's egress in ci/production-values.yaml, evaluated with the kube stand-in's
 * NetworkPolicy evaluator: it reaches what it connects to (PostgreSQL, Temporal, the Kubernetes
 * API, the BuildKit and registry probes of /v1/status, Loki on 3100, Prometheus on 9090) and
 * nothing else; an empty loki.url or prometheus.url drops exactly its rule. There is no recording
 * of the API's real connections yet (the worker has one, WorkerEgressPolicyTest).
 */
class ApiEgressPolicyTest {
  private static final Endpoint LOKI = Endpoint.pod("Loki", "dp-system",
      Map.of("app.kubernetes.io/name", "loki", "app.kubernetes.io/component", "single-binary"));
  /** kube-prometheus-stack's Prometheus pod (the operator's labels). */
  private static final Endpoint PROMETHEUS = Endpoint.pod("Prometheus", "dp-system",
      Map.of("app.kubernetes.io/name", "prometheus", "prometheus", "prometheus-kube-prometheus-prometheus"));

  private static Map<String, WorkerEgressPolicyTest.Destination> destinations() {
    Map<String, WorkerEgressPolicyTest.Destination> d = new LinkedHashMap<>();
    for (String shared : List.of("dns", "postgres", "temporal", "buildkit", "registry", "kubernetes-api")) {
      d.put(shared, WorkerEgressPolicyTest.PRODUCTION.get(shared));
    }
    d.put("loki", new WorkerEgressPolicyTest.Destination(LOKI, Port.tcp(3100)));
    d.put("prometheus", new WorkerEgressPolicyTest.Destination(PROMETHEUS, Port.tcp(9090)));
    return d;
  }

  private final Chart.Rendered production = Chart.deployMcp().production().render();

  @Test
  void theApiReachesEachOfItsDestinationsLokiAndPrometheusIncluded() {
    NetworkPolicyEvaluator policies = policies(production);
    Endpoint api = api(production);
    assertThat(policies.isolates(api, Direction.EGRESS)).isTrue();

    destinations().forEach((name, destination) ->
        assertThat(policies.admitsEgress(api, destination.peer(), destination.port()))
            .as("api -> %s (%s) %s", name, destination.peer().description(), destination.port()).isTrue());
  }

  @Test
  void theApiReachesNothingElse() {
    NetworkPolicyEvaluator policies = policies(production);
    Endpoint api = api(production);

    assertThat(policies.admitsEgress(api, LOKI, Port.tcp(80))).as("Loki on another port").isFalse();
    assertThat(policies.admitsEgress(api, PROMETHEUS, Port.tcp(9093))).as("Prometheus's pod on another port").isFalse();
    assertThat(policies.admitsEgress(api, Endpoint.pod("Grafana", "dp-system", Map.of("app.kubernetes.io/name", "grafana")),
        Port.tcp(3100))).as("another dp-system pod on Loki's port").isFalse();
    assertThat(policies.admitsEgress(api, Endpoint.pod("a customer's pod with Loki's labels", "dp-acme-shop",
        Map.of("app.kubernetes.io/name", "loki")), Port.tcp(3100))).isFalse();
    assertThat(policies.admitsEgress(api, Endpoint.pod("a customer's pod with Prometheus's labels", "dp-acme-shop",
        Map.of("app.kubernetes.io/name", "prometheus")), Port.tcp(9090))).isFalse();
    assertThat(policies.admitsEgress(api, Endpoint.address("github.com", "140.82.121.4"), Port.tcp(443)))
        .as("public https is the worker's, not the API's").isFalse();
    assertThat(policies.admitsEgress(api, Endpoint.address("cloud metadata", "169.254.169.254"), Port.tcp(80))).isFalse();
    assertThat(policies.admitsEgress(api, Endpoint.address("a run node's kubelet", "10.0.1.100"), Port.tcp(10250))).isFalse();
    assertThat(policies.admitsEgress(api, Endpoint.pod("a customer's pod", "dp-acme-shop", Map.of("app", "web")), Port.tcp(8080))).isFalse();
  }

  @Test
  void emptyUrlsDropTheirRuleAndNothingElse() {
    Chart.Rendered noLoki = Chart.deployMcp().production().set("loki.url", "").render();
    Chart.Rendered noPrometheus = Chart.deployMcp().production().set("prometheus.url", "").render();
    Chart.Rendered neither = Chart.deployMcp().production().set("loki.url", "").set("prometheus.url", "").render();

    assertThat(policies(noLoki).admitsEgress(api(noLoki), LOKI, Port.tcp(3100))).isFalse();
    assertThat(policies(noLoki).admitsEgress(api(noLoki), PROMETHEUS, Port.tcp(9090))).isTrue();
    assertThat(policies(noPrometheus).admitsEgress(api(noPrometheus), PROMETHEUS, Port.tcp(9090))).isFalse();
    assertThat(policies(noPrometheus).admitsEgress(api(noPrometheus), LOKI, Port.tcp(3100))).isTrue();
    assertThat(policies(neither).isolates(api(neither), Direction.EGRESS)).isTrue();
    for (String shared : List.of("dns", "postgres", "temporal", "buildkit", "registry", "kubernetes-api")) {
      WorkerEgressPolicyTest.Destination d = WorkerEgressPolicyTest.PRODUCTION.get(shared);
      assertThat(policies(neither).admitsEgress(api(neither), d.peer(), d.port())).as("api -> %s", shared).isTrue();
    }

    // The two URLs add exactly two rules, Loki's pods on 3100 and Prometheus's on 9090, and
    // leave the others as they are.
    List<NetworkPolicyEgressRule> added = new ArrayList<>(apiEgress(production));
    List<NetworkPolicyEgressRule> base = apiEgress(neither);
    for (NetworkPolicyEgressRule rule : base) {
      assertThat(added.remove(rule)).as("rule %s is still there", rule).isTrue();
    }
    assertThat(added).hasSize(2);
    assertThat(added.get(0).getTo()).singleElement().satisfies(peer -> {
      assertThat(peer.getIpBlock()).isNull();
      assertThat(peer.getNamespaceSelector().getMatchLabels()).containsExactly(Map.entry("kubernetes.io/metadata.name", "dp-system"));
      assertThat(peer.getPodSelector().getMatchLabels()).containsExactly(Map.entry("app.kubernetes.io/name", "loki"));
    });
    assertThat(added.get(0).getPorts()).singleElement()
        .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(3100));
    assertThat(added.get(1).getTo()).singleElement().satisfies(peer -> {
      assertThat(peer.getIpBlock()).isNull();
      assertThat(peer.getNamespaceSelector().getMatchLabels()).containsExactly(Map.entry("kubernetes.io/metadata.name", "dp-system"));
      assertThat(peer.getPodSelector().getMatchLabels()).containsExactly(Map.entry("app.kubernetes.io/name", "prometheus"));
    });
    assertThat(added.get(1).getPorts()).singleElement()
        .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(9090));
  }

  private static List<NetworkPolicyEgressRule> apiEgress(Chart.Rendered rendered) {
    return rendered.get(NetworkPolicy.class, "deploy-mcp-api").getSpec().getEgress();
  }

  private static NetworkPolicyEvaluator policies(Chart.Rendered rendered) {
    return new NetworkPolicyEvaluator(rendered.all(NetworkPolicy.class), Chart.NAMESPACE);
  }

  private static Endpoint api(Chart.Rendered rendered) {
    return Endpoint.pod("deploy-mcp-api", Chart.NAMESPACE,
        rendered.get(Deployment.class, "deploy-mcp-api").getSpec().getTemplate().getMetadata().getLabels());
  }
}
