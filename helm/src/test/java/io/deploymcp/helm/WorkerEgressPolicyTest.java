package io.deploymcp.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.deploymcp.kubestandin.network.NetworkPolicyEvaluator;
import io.deploymcp.kubestandin.network.NetworkPolicyEvaluator.Direction;
import io.deploymcp.kubestandin.network.NetworkPolicyEvaluator.Endpoint;
import io.deploymcp.kubestandin.network.NetworkPolicyEvaluator.Port;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The NetworkPolicies of ci/production-values.yaml, evaluated: the worker reaches each of its
 * destinations (seed §1 "What talks to what") and nothing else, accepts no connection, and the
 * API is reachable from Traefik (hostNetwork: node addresses), Prometheus and the registry GC
 * CronJob (infra/k8s/60-registry-gc.yml) only. The worker's
 * own ClusterDeployTest records every TCP connection a real deploy made, sorted by the worker's
 * configured endpoints; each must be a destination the policy admits.
 */
class WorkerEgressPolicyTest {
  /**
   * Where each destination class of the worker is in the production-like install (the
   * addresses and labels of seed §3, §7, §11 and ci/production-values.yaml).
   */
  static final Map<String, Destination> PRODUCTION = destinations();

  record Destination(Endpoint peer, Port port) {}

  private static Map<String, Destination> destinations() {
    Map<String, Destination> d = new LinkedHashMap<>();
    d.put("dns", new Destination(Endpoint.pod("CoreDNS", "kube-system", Map.of("k8s-app", "kube-dns")), Port.udp(53)));
    d.put("postgres", new Destination(Endpoint.pod("the CloudNativePG cluster", "dp-system",
        Map.of("cnpg.io/cluster", "deploy-mcp-db", "cnpg.io/instanceRole", "primary")), Port.tcp(5432)));
    d.put("temporal", new Destination(Endpoint.address("Temporal Cloud", "34.149.52.102"), Port.tcp(7233)));
    d.put("buildkit", new Destination(Endpoint.pod("buildkitd", "dp-system", Map.of("app", "buildkitd")), Port.tcp(1234)));
    d.put("registry", new Destination(Endpoint.address("the registry's hostPort on ops-1", "10.0.1.10"), Port.tcp(5000)));
    d.put("kubernetes-api", new Destination(Endpoint.address("the k3s server on k3s-1", "10.0.1.1"), Port.tcp(6443)));
    d.put("loki", new Destination(Endpoint.pod("Loki", "dp-system",
        Map.of("app.kubernetes.io/name", "loki", "app.kubernetes.io/component", "single-binary")), Port.tcp(3100)));
    d.put("public-https", new Destination(Endpoint.address("github.com", "140.82.121.4"), Port.tcp(443)));
    return d;
  }

  private final Chart.Rendered production = Chart.deployMcp().production().render();
  private final NetworkPolicyEvaluator policies =
      new NetworkPolicyEvaluator(production.all(NetworkPolicy.class), Chart.NAMESPACE);

  @Test
  void theWorkerReachesEachOfItsDestinations() {
    Endpoint worker = platformPod("deploy-mcp-worker");
    assertThat(policies.isolates(worker, Direction.EGRESS)).isTrue();

    for (Map.Entry<String, Destination> entry : PRODUCTION.entrySet()) {
      Destination destination = entry.getValue();
      assertThat(policies.admitsEgress(worker, destination.peer(), destination.port()))
          .as("worker -> %s (%s) %s", entry.getKey(), destination.peer().description(), destination.port())
          .isTrue();
    }
    assertThat(policies.admitsEgress(worker, PRODUCTION.get("dns").peer(), Port.tcp(53))).isTrue();
  }

  @Test
  void theWorkerReachesNothingElse() {
    Endpoint worker = platformPod("deploy-mcp-worker");

    assertThat(policies.admitsEgress(worker, Endpoint.address("cloud metadata", "169.254.169.254"), Port.tcp(80))).isFalse();
    assertThat(policies.admitsEgress(worker, Endpoint.address("a run node's kubelet", "10.0.1.100"), Port.tcp(10250))).isFalse();
    assertThat(policies.admitsEgress(worker, Endpoint.address("a private host over https", "10.0.1.100"), Port.tcp(443))).isFalse();
    assertThat(policies.admitsEgress(worker, Endpoint.address("SMTP on the internet", "203.0.113.25"), Port.tcp(25))).isFalse();
    assertThat(policies.admitsEgress(worker, Endpoint.pod("a customer's pod", "dp-acme-shop", Map.of("app", "web")), Port.tcp(8080))).isFalse();
    assertThat(policies.admitsEgress(worker, Endpoint.pod("the registry pod on another port", "dp-system", Map.of("app", "registry")), Port.tcp(22))).isFalse();
  }

  @Test
  void theWorkerAcceptsOnlyPrometheusOnItsMetricsPortAndTheApiOnlyTraefikPrometheusAndTheRegistryGc() {
    Endpoint worker = platformPod("deploy-mcp-worker");
    Endpoint api = platformPod("deploy-mcp-api");
    Port http = new Port("TCP", 8080, "http");
    Port metrics = new Port("TCP", 9464, "metrics");
    Endpoint prometheus = Endpoint.pod("Prometheus", "dp-system", Map.of("app.kubernetes.io/name", "prometheus"));

    assertThat(policies.admitsIngress(Endpoint.address("a node", "10.0.1.100"), worker, http)).isFalse();
    assertThat(policies.admitsIngress(prometheus, worker, metrics)).isTrue();
    assertThat(policies.admitsIngress(prometheus, worker, http)).as("Prometheus on another port").isFalse();
    assertThat(policies.admitsIngress(Endpoint.address("a node", "10.0.1.100"), worker, metrics)).isFalse();
    assertThat(policies.admitsIngress(Endpoint.pod("a customer's pod with Prometheus's labels", "dp-acme-shop",
        Map.of("app.kubernetes.io/name", "prometheus")), worker, metrics)).isFalse();
    assertThat(policies.admitsIngress(Endpoint.address("Traefik on a run node (hostNetwork)", "10.0.1.100"), api, http)).isTrue();
    assertThat(policies.admitsIngress(Endpoint.pod("Prometheus", "dp-system", Map.of("app.kubernetes.io/name", "prometheus")), api, http)).isTrue();
    Map<String, String> gcLabels = Map.of("app.kubernetes.io/name", "deploy-mcp", "app.kubernetes.io/component", "registry-gc");
    assertThat(policies.admitsIngress(Endpoint.pod("the registry GC job", "dp-system", gcLabels), api, http)).isTrue();
    assertThat(policies.admitsIngress(Endpoint.pod("a customer's pod with its labels", "dp-acme-shop", gcLabels), api, http)).isFalse();
    assertThat(policies.admitsIngress(Endpoint.pod("a customer's pod", "dp-acme-shop", Map.of("app", "web")), api, http)).isFalse();
    assertThat(policies.admitsIngress(Endpoint.address("the internet", "198.51.100.7"), api, http)).isFalse();
  }

  @Test
  void everyConnectionARealDeployMadeIsOnTheWorkersList() {
    Path file = Records.directory("worker").resolve("worker-connections.jsonl");
    if (!file.toFile().isFile()) {
      String message = Records.howToMake("worker-connections.jsonl", List.of("worker"))
          + "; ClusterDeployTest needs the Docker engine, the loopback registry and bin/base-images";
      if (Records.required()) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    Endpoint worker = platformPod("deploy-mcp-worker");
    Set<String> classes = new TreeSet<>();
    for (Map<String, Object> line : Records.lines(file)) {
      String destination = String.valueOf(line.get("class"));
      assertThat(PRODUCTION).as("a connection of %s to %s matched no configured endpoint of the worker",
          line.get("test"), line.get("remote")).containsKey(destination);
      classes.add(destination);
    }
    assertThat(classes).as("the deploy connected somewhere").isNotEmpty();
    for (String destination : classes) {
      Destination d = PRODUCTION.get(destination);
      assertThat(policies.admitsEgress(worker, d.peer(), d.port())).as("worker -> %s", destination).isTrue();
    }
  }

  private Endpoint platformPod(String deployment) {
    return Endpoint.pod(deployment, Chart.NAMESPACE,
        production.get(Deployment.class, deployment).getSpec().getTemplate().getMetadata().getLabels());
  }
}
