package io.deploymcp.helm;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * Decides, as a NetworkPolicy implementation would, whether rendered policies admit one
 * connection of a pod: the policies of its namespace that select it for that direction; none
 * selecting means not isolated (admitted); otherwise a rule must match both the port and a peer
 * (ipBlock with its except list for addresses outside the pod network; namespace and pod
 * selectors for pods, a namespace carrying its {@code kubernetes.io/metadata.name} label).
 * Selectors with matchExpressions are refused rather than guessed.
 */
final class NetworkPolicyEvaluator {

  /** The other end: an address outside the pod network, or a pod by namespace and labels. */
  record Peer(String description, String ip, String namespace, Map<String, String> podLabels) {
    static Peer address(String description, String ip) {
      return new Peer(description, ip, null, Map.of());
    }

    static Peer pod(String description, String namespace, Map<String, String> labels) {
      return new Peer(description, null, namespace, labels);
    }
  }

  /** A port of a connection: protocol, number and, for a container port, its name. */
  record Port(String protocol, int number, String name) {
    static Port tcp(int number) {
      return new Port("TCP", number, null);
    }

    static Port udp(int number) {
      return new Port("UDP", number, null);
    }
  }

  private final List<NetworkPolicy> policies;
  private final String namespace;

  NetworkPolicyEvaluator(List<NetworkPolicy> policies, String namespace) {
    this.policies = policies;
    this.namespace = namespace;
  }

  /** Whether any policy isolates the pod's egress (or ingress). */
  boolean isolates(Map<String, String> podLabels, String direction) {
    return policies.stream().anyMatch(p -> selects(p, podLabels, direction));
  }

  boolean admitsEgress(Map<String, String> podLabels, Peer to, Port port) {
    List<NetworkPolicy> selecting = policies.stream().filter(p -> selects(p, podLabels, "Egress")).toList();
    return selecting.isEmpty() || selecting.stream().flatMap(p -> p.getSpec().getEgress() == null
            ? java.util.stream.Stream.empty() : p.getSpec().getEgress().stream())
        .anyMatch(rule -> portMatches(rule.getPorts(), port) && peerMatches(rule.getTo(), to));
  }

  boolean admitsIngress(Map<String, String> podLabels, Peer from, Port port) {
    List<NetworkPolicy> selecting = policies.stream().filter(p -> selects(p, podLabels, "Ingress")).toList();
    return selecting.isEmpty() || selecting.stream().flatMap(p -> p.getSpec().getIngress() == null
            ? java.util.stream.Stream.empty() : p.getSpec().getIngress().stream())
        .anyMatch(rule -> portMatches(rule.getPorts(), port) && peerMatches(rule.getFrom(), from));
  }

  private static boolean selects(NetworkPolicy policy, Map<String, String> podLabels, String direction) {
    List<String> types = policy.getSpec().getPolicyTypes();
    boolean applies = types == null || types.isEmpty()
        ? direction.equals("Ingress") || (direction.equals("Egress") && policy.getSpec().getEgress() != null)
        : types.contains(direction);
    return applies && labelsMatch(policy.getSpec().getPodSelector(), podLabels);
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

  private boolean peerMatches(List<NetworkPolicyPeer> peers, Peer peer) {
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
      if (peer.namespace() == null) {
        continue; // selectors match pods, not outside addresses
      }
      boolean namespaceOk = candidate.getNamespaceSelector() == null
          ? peer.namespace().equals(namespace)
          : labelsMatch(candidate.getNamespaceSelector(), Map.of("kubernetes.io/metadata.name", peer.namespace()));
      boolean podOk = candidate.getPodSelector() == null || labelsMatch(candidate.getPodSelector(), peer.podLabels());
      if (namespaceOk && podOk) {
        return true;
      }
    }
    return false;
  }

  private static boolean labelsMatch(LabelSelector selector, Map<String, String> labels) {
    if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
      throw new UnsupportedOperationException("matchExpressions are not evaluated here: " + selector);
    }
    Map<String, String> required = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    return required.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  static boolean inBlock(IPBlock block, String ip) {
    if (!inCidr(block.getCidr(), ip)) {
      return false;
    }
    return block.getExcept() == null || block.getExcept().stream().noneMatch(except -> inCidr(except, ip));
  }

  static boolean inCidr(String cidr, String ip) {
    try {
      int slash = cidr.indexOf('/');
      byte[] network = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
      byte[] address = InetAddress.getByName(ip).getAddress();
      if (network.length != address.length) {
        return false;
      }
      int prefix = Integer.parseInt(cidr.substring(slash + 1));
      int bits = network.length * 8;
      BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
          .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
      return new BigInteger(1, network).and(mask).equals(new BigInteger(1, address).and(mask));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(cidr + " / " + ip, e);
    }
  }
}
