package io.deploymcp.kube.settings;

import io.deploymcp.kube.InvalidKubeInputException;
import io.deploymcp.kube.naming.DnsNames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What the project NetworkPolicies let through. Label maps are kept sorted by key, so the
 * generated objects serialize the same way whatever map was passed in.
 *
 * @param traefikNamespace namespace of the ingress controller, matched by its immutable {@code
 *     kubernetes.io/metadata.name} label (a label a tenant could put on a namespace of its own
 *     would let that tenant's pods in)
 * @param traefikPodLabels labels of the ingress controller's pods
 * @param ingressAllowCidrs extra sources allowed in, e.g. the node network when Traefik runs
 *     with {@code hostNetwork} (its traffic then comes from node addresses, which no pod
 *     selector matches)
 * @param dnsNamespace namespace of the cluster DNS
 * @param dnsPodLabels labels of the cluster DNS pods
 * @param egressDenyExtraCidrs blocks denied on top of {@link #ALWAYS_DENIED}: the cluster API
 *     and the registry when they have public addresses, the node network, ...
 */
public record NetworkSettings(
    String traefikNamespace,
    Map<String, String> traefikPodLabels,
    List<Cidr> ingressAllowCidrs,
    String dnsNamespace,
    Map<String, String> dnsPodLabels,
    List<Cidr> egressDenyExtraCidrs) {

  /**
   * Never reachable from a tenant's pod, whatever the settings: RFC 1918 (nodes, registry,
   * BuildKit, pod and service networks), carrier-grade NAT 100.64.0.0/10 (Tailscale and some
   * clouds' internal networks) and link-local 169.254.0.0/16, which holds the cloud metadata
   * service 169.254.169.254.
   */
  public static final List<Cidr> ALWAYS_DENIED =
      List.of(
          new Cidr("10.0.0.0/8"),
          new Cidr("172.16.0.0/12"),
          new Cidr("192.168.0.0/16"),
          new Cidr("100.64.0.0/10"),
          new Cidr("169.254.0.0/16"));

  /**
   * Traefik as the seed installs it ({@code dp-system}, {@code app.kubernetes.io/name:
   * traefik}), CoreDNS as k3s runs it ({@code kube-system}, {@code k8s-app: kube-dns}), nothing
   * extra allowed in, nothing extra denied.
   */
  public static final NetworkSettings DEFAULTS =
      new NetworkSettings(
          "dp-system",
          Map.of("app.kubernetes.io/name", "traefik"),
          List.of(),
          "kube-system",
          Map.of("k8s-app", "kube-dns"),
          List.of());

  public NetworkSettings {
    if (!DnsNames.isDns1123Label(traefikNamespace)) {
      throw new InvalidKubeInputException(
          "network.traefikNamespace", "'" + traefikNamespace + "' is not a namespace name");
    }
    if (!DnsNames.isDns1123Label(dnsNamespace)) {
      throw new InvalidKubeInputException(
          "network.dnsNamespace", "'" + dnsNamespace + "' is not a namespace name");
    }
    traefikPodLabels = SettingsChecks.labels("network.traefikPodLabels", traefikPodLabels);
    dnsPodLabels = SettingsChecks.labels("network.dnsPodLabels", dnsPodLabels);
    if (dnsPodLabels.isEmpty()) {
      // An empty selector would open port 53 to every pod of that namespace.
      throw new InvalidKubeInputException("network.dnsPodLabels", "must select the DNS pods");
    }
    ingressAllowCidrs = distinct("network.ingressAllowCidrs", ingressAllowCidrs);
    egressDenyExtraCidrs = distinct("network.egressDenyExtraCidrs", egressDenyExtraCidrs);
    for (Cidr cidr : egressDenyExtraCidrs) {
      if (cidr.prefixLength() == 0) {
        throw new InvalidKubeInputException(
            "network.egressDenyExtraCidrs", "0.0.0.0/0 would deny the whole internet");
      }
    }
  }

  /** {@link #ALWAYS_DENIED} then the extra blocks, without repeats: the egress rule's except list. */
  public List<Cidr> egressDenyCidrs() {
    LinkedHashSet<Cidr> all = new LinkedHashSet<>(ALWAYS_DENIED);
    all.addAll(egressDenyExtraCidrs);
    return List.copyOf(all);
  }

  private static List<Cidr> distinct(String field, List<Cidr> cidrs) {
    if (cidrs == null) {
      throw new InvalidKubeInputException(field, "is required");
    }
    List<Cidr> out = new ArrayList<>();
    for (Cidr cidr : cidrs) {
      if (cidr == null) {
        throw new InvalidKubeInputException(field, "contains an empty entry");
      }
      if (!out.contains(cidr)) {
        out.add(cidr);
      }
    }
    return List.copyOf(out);
  }
}
