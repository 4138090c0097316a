package io.deploymcp.infra.support;

import io.deploymcp.kube.settings.Cidr;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who may connect to a pod under a set of NetworkPolicies, by the ingress rules of the
 * Kubernetes API (networking.k8s.io/v1): a pod no policy selects for Ingress is open; a selected
 * pod admits a connection when any rule of any selecting policy admits its source and port. Peers:
 * a podSelector alone means pods of the policy's namespace, a namespaceSelector pods of the
 * matching namespaces, both together pods matching both, an ipBlock the source address. This is
 * the API's meaning, evaluated here; what a CNI does with hostNetwork or masqueraded traffic is
 * not modelled (see infra/k8s/10-registry.yml).
 */
public final class NetworkPolicyEvaluator {
  private final List<NetworkPolicy> policies;

  public NetworkPolicyEvaluator(List<NetworkPolicy> policies) {
    this.policies = policies;
  }

  /** A pod (or a node's address, with no namespace) that opens or receives a connection. */
  public record Endpoint(String namespace, Map<String, String> namespaceLabels, Map<String, String> podLabels, String ip) {
    public static Endpoint pod(String namespace, Map<String, String> podLabels, String ip) {
      return new Endpoint(namespace, Map.of("kubernetes.io/metadata.name", namespace), podLabels, ip);
    }

    /** A node's (or any non-pod) address. */
    public static Endpoint address(String ip) {
      return new Endpoint(null, Map.of(), Map.of(), ip);
    }
  }

  public boolean admits(Endpoint source, Endpoint target, String protocol, int port) {
    List<NetworkPolicy> selecting =
        policies.stream()
            .filter(p -> Objects.equals(p.getMetadata().getNamespace(), target.namespace()))
            .filter(p -> matches(p.getSpec().getPodSelector(), target.podLabels()))
            .filter(NetworkPolicyEvaluator::governsIngress)
            .toList();
    if (selecting.isEmpty()) {
      return true;
    }
    for (NetworkPolicy policy : selecting) {
      for (NetworkPolicyIngressRule rule : nullToEmpty(policy.getSpec().getIngress())) {
        if (fromAdmits(rule.getFrom(), policy.getMetadata().getNamespace(), source)
            && portsAdmit(rule.getPorts(), protocol, port)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean governsIngress(NetworkPolicy policy) {
    List<String> types = policy.getSpec().getPolicyTypes();
    // Without policyTypes a policy always governs Ingress (and Egress only if it has egress rules).
    return types == null || types.isEmpty() || types.contains("Ingress");
  }

  private static boolean fromAdmits(List<NetworkPolicyPeer> from, String policyNamespace, Endpoint source) {
    if (from == null || from.isEmpty()) {
      return true;
    }
    for (NetworkPolicyPeer peer : from) {
      if (peer.getIpBlock() != null) {
        if (inBlock(peer.getIpBlock(), source.ip())) {
          return true;
        }
        continue;
      }
      if (source.namespace() == null) {
        continue; // pod selectors only select pods
      }
      boolean namespaceOk =
          peer.getNamespaceSelector() == null
              ? policyNamespace.equals(source.namespace())
              : matches(peer.getNamespaceSelector(), source.namespaceLabels());
      boolean podOk = peer.getPodSelector() == null || matches(peer.getPodSelector(), source.podLabels());
      if (namespaceOk && podOk) {
        return true;
      }
    }
    return false;
  }

  private static boolean inBlock(IPBlock block, String ip) {
    if (ip == null || !Cidr.parse(block.getCidr()).contains(ip)) {
      return false;
    }
    return nullToEmpty(block.getExcept()).stream().noneMatch(except -> Cidr.parse(except).contains(ip));
  }

  private static boolean portsAdmit(List<NetworkPolicyPort> ports, String protocol, int port) {
    if (ports == null || ports.isEmpty()) {
      return true;
    }
    for (NetworkPolicyPort p : ports) {
      String ruleProtocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
      if (!ruleProtocol.equals(protocol)) {
        continue;
      }
      if (p.getPort() == null) {
        return true;
      }
      if (p.getPort().getIntVal() == null) {
        throw new IllegalArgumentException("named port " + p.getPort().getStrVal() + " is not evaluated here");
      }
      int from = p.getPort().getIntVal();
      int to = p.getEndPort() == null ? from : p.getEndPort();
      if (port >= from && port <= to) {
        return true;
      }
    }
    return false;
  }

  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    if (selector.getMatchLabels() != null) {
      for (var e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
    }
    for (LabelSelectorRequirement r : nullToEmpty(selector.getMatchExpressions())) {
      String value = labels.get(r.getKey());
      boolean ok =
          switch (r.getOperator()) {
            case "In" -> value != null && r.getValues().contains(value);
            case "NotIn" -> value == null || !r.getValues().contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> throw new IllegalArgumentException("unknown selector operator " + r.getOperator());
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
