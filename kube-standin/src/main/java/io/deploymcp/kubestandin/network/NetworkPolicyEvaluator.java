package io.deploymcp.kubestandin.network;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The CNI stand-in: decides, by the rules of networking.k8s.io/v1, whether a set of
 * NetworkPolicies admits a connection (no cluster, so no real CNI, can run here). A pod that no
 * policy of its namespace selects for a direction is not isolated in that direction; a selected
 * pod admits a connection when a rule of a selecting policy matches both the port and the peer.
 * Peers: an ipBlock (with its except list) the other end's address; a podSelector alone pods of
 * the policy's namespace; a namespaceSelector pods of the matching namespaces (a namespace carries
 * its {@code kubernetes.io/metadata.name} label); both together pods matching both. A connection
 * is admitted when the source's egress and the target's ingress both admit it.
 *
 * <p>Not modelled: what a CNI does with hostNetwork pods or masqueraded (SNAT) traffic — a
 * hostNetwork peer is given here as a node address, the way Traefik reaches the API.
 */
public final class NetworkPolicyEvaluator {
  private static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  /**
   * One end of a connection: a pod (namespace, labels, optionally its address) or an address
   * outside the pod network (no namespace). The description only names it in messages.
   */
  public record Endpoint(String description, String namespace, Map<String, String> podLabels, String ip) {
    public Endpoint {
      podLabels = podLabels == null ? Map.of() : Map.copyOf(podLabels);
    }

    public static Endpoint pod(String description, String namespace, Map<String, String> labels) {
      return new Endpoint(description, Objects.requireNonNull(namespace), labels, null);
    }

    /** A pod with its pod-network address (ipBlocks are matched against it). */
    public static Endpoint pod(String namespace, Map<String, String> labels, String ip) {
      return new Endpoint(namespace + "/" + labels, Objects.requireNonNull(namespace), labels, ip);
    }

    public static Endpoint address(String description, String ip) {
      return new Endpoint(description, null, Map.of(), Objects.requireNonNull(ip));
    }

    public static Endpoint address(String ip) {
      return address(ip, ip);
    }

    boolean isPod() {
      return namespace != null;
    }

    Map<String, String> namespaceLabels() {
      return Map.of(NAMESPACE_NAME_LABEL, namespace);
    }
  }

  /** A port of a connection: protocol, number and, for a container port, its name (or null). */
  public record Port(String protocol, int number, String name) {
    public static Port tcp(int number) {
      return new Port("TCP", number, null);
    }

    public static Port udp(int number) {
      return new Port("UDP", number, null);
    }
  }

  public enum Direction {
    INGRESS("Ingress"),
    EGRESS("Egress");

    private final String policyType;

    Direction(String policyType) {
      this.policyType = policyType;
    }
  }

  private final List<NetworkPolicy> policies;
  private final String defaultNamespace;

  /** Policies that each name their namespace (manifests applied as they are). */
  public NetworkPolicyEvaluator(List<NetworkPolicy> policies) {
    this(policies, null);
  }

  /**
   * Policies as a chart renders them: those without a namespace land in the install's namespace,
   * as {@code helm install -n <namespace>} would put them.
   */
  public NetworkPolicyEvaluator(List<NetworkPolicy> policies, String defaultNamespace) {
    this.policies = List.copyOf(policies);
    this.defaultNamespace = defaultNamespace;
    for (NetworkPolicy policy : policies) {
      if (namespaceOf(policy) == null) {
        throw new IllegalArgumentException(
            "NetworkPolicy " + policy.getMetadata().getName() + " names no namespace and no default was given");
      }
    }
  }

  /** Whether any policy isolates the pod in that direction. */
  public boolean isolates(Endpoint pod, Direction direction) {
    return !selecting(pod, direction).isEmpty();
  }

  /** Both sides: the source's egress policies and the target's ingress policies. */
  public boolean admits(Endpoint source, Endpoint target, Port port) {
    return admitsEgress(source, target, port) && admitsIngress(source, target, port);
  }

  /** The source's egress policies only (the target's ingress not considered). */
  public boolean admitsEgress(Endpoint source, Endpoint target, Port port) {
    return admittedBy(source, Direction.EGRESS, target, port, policy -> egressRules(policy));
  }

  /** The target's ingress policies only. */
  public boolean admitsIngress(Endpoint source, Endpoint target, Port port) {
    return admittedBy(target, Direction.INGRESS, source, port, policy -> ingressRules(policy));
  }

  private record Rule(List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports) {}

  private boolean admittedBy(
      Endpoint pod, Direction direction, Endpoint peer, Port port, Function<NetworkPolicy, List<Rule>> rules) {
    if (!pod.isPod()) {
      return true; // an address outside the pod network has no policies
    }
    List<NetworkPolicy> selecting = selecting(pod, direction);
    if (selecting.isEmpty()) {
      return true;
    }
    for (NetworkPolicy policy : selecting) {
      for (Rule rule : rules.apply(policy)) {
        if (portMatches(rule.ports(), port) && peerMatches(rule.peers(), namespaceOf(policy), peer)) {
          return true;
        }
      }
    }
    return false;
  }

  private List<NetworkPolicy> selecting(Endpoint pod, Direction direction) {
    if (!pod.isPod()) {
      return List.of();
    }
    return policies.stream()
        .filter(p -> pod.namespace().equals(namespaceOf(p)))
        .filter(p -> governs(p, direction))
        .filter(p -> labelsMatch(p.getSpec().getPodSelector(), pod.podLabels()))
        .toList();
  }

  private String namespaceOf(NetworkPolicy policy) {
    String namespace = policy.getMetadata() == null ? null : policy.getMetadata().getNamespace();
    return namespace == null ? defaultNamespace : namespace;
  }

  private static boolean governs(NetworkPolicy policy, Direction direction) {
    List<String> types = policy.getSpec().getPolicyTypes();
    if (types == null || types.isEmpty()) {
      // Without policyTypes a policy always governs Ingress, and Egress only if it has egress rules.
      return direction == Direction.INGRESS || policy.getSpec().getEgress() != null;
    }
    return types.contains(direction.policyType);
  }

  private static List<Rule> egressRules(NetworkPolicy policy) {
    return nullToEmpty(policy.getSpec().getEgress()).stream().map(r -> new Rule(r.getTo(), r.getPorts())).toList();
  }

  private static List<Rule> ingressRules(NetworkPolicy policy) {
    return nullToEmpty(policy.getSpec().getIngress()).stream().map(r -> new Rule(r.getFrom(), r.getPorts())).toList();
  }

  private static boolean portMatches(List<NetworkPolicyPort> ports, Port port) {
    if (ports == null || ports.isEmpty()) {
      return true;
    }
    for (NetworkPolicyPort candidate : ports) {
      String protocol = candidate.getProtocol() == null ? "TCP" : candidate.getProtocol();
      if (!protocol.equals(port.protocol())) {
        continue;
      }
      IntOrString number = candidate.getPort();
      if (number == null) {
        return true;
      }
      if (number.getStrVal() != null) {
        if (number.getStrVal().equals(port.name())) {
          return true;
        }
        continue;
      }
      int end = candidate.getEndPort() == null ? number.getIntVal() : candidate.getEndPort();
      if (port.number() >= number.getIntVal() && port.number() <= end) {
        return true;
      }
    }
    return false;
  }

  private static boolean peerMatches(List<NetworkPolicyPeer> peers, String policyNamespace, Endpoint peer) {
    if (peers == null || peers.isEmpty()) {
      return true;
    }
    for (NetworkPolicyPeer candidate : peers) {
      if (candidate.getIpBlock() != null) {
        if (peer.ip() != null && inBlock(candidate.getIpBlock(), peer.ip())) {
          return true;
        }
        continue;
      }
      if (!peer.isPod()) {
        continue; // selectors select pods, not outside addresses
      }
      boolean namespaceOk =
          candidate.getNamespaceSelector() == null
              ? peer.namespace().equals(policyNamespace)
              : labelsMatch(candidate.getNamespaceSelector(), peer.namespaceLabels());
      boolean podOk = candidate.getPodSelector() == null || labelsMatch(candidate.getPodSelector(), peer.podLabels());
      if (namespaceOk && podOk) {
        return true;
      }
    }
    return false;
  }

  static boolean labelsMatch(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
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

  private static boolean inBlock(IPBlock block, String ip) {
    return inCidr(block.getCidr(), ip) && nullToEmpty(block.getExcept()).stream().noneMatch(e -> inCidr(e, ip));
  }

  /** Whether the address lies in the block; an IPv6 address is never in an IPv4 block. */
  static boolean inCidr(String cidr, String ip) {
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a CIDR block: " + cidr);
    }
    byte[] network = literal(cidr.substring(0, slash));
    byte[] address = literal(ip);
    if (network.length != address.length) {
      return false;
    }
    int bits = network.length * 8;
    int prefix = Integer.parseInt(cidr.substring(slash + 1));
    BigInteger all = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    BigInteger mask = all.xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
    return new BigInteger(1, network).and(mask).equals(new BigInteger(1, address).and(mask));
  }

  private static byte[] literal(String address) {
    if (!address.matches("[0-9a-fA-F:.]+")) {
      throw new IllegalArgumentException("not an address literal: " + address); // never a DNS lookup
    }
    try {
      return InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address literal: " + address, e);
    }
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
