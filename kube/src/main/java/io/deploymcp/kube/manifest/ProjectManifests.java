package io.deploymcp.kube.manifest;

import io.deploymcp.kube.settings.Cidr;
import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.kube.settings.LimitRangeSettings;
import io.deploymcp.kube.settings.NetworkSettings;
import io.deploymcp.kube.settings.QuotaSettings;
import io.deploymcp.kube.spec.ProjectRef;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The desired objects of a project namespace (seed §8), as pure functions of the project and
 * the cluster settings: the same input always gives equal objects.
 */
public final class ProjectManifests {
  public static final String DEFAULT_DENY = "default-deny";
  public static final String INGRESS_POLICY = "ingress-isolation";
  public static final String EGRESS_POLICY = "egress-isolation";
  public static final String QUOTA = "quota";
  public static final String LIMIT_RANGE = "limits";

  private static final String RESTRICTED = "restricted";
  private static final int DNS_PORT = 53;

  private final ClusterSettings settings;

  public ProjectManifests(ClusterSettings settings) {
    this.settings = settings;
  }

  /** Every object of {@code project}'s namespace. */
  public ProjectObjects desired(ProjectRef project) {
    return new ProjectObjects(
        namespace(project),
        defaultDeny(project),
        ingressPolicy(project),
        egressPolicy(project),
        quota(project),
        limitRange(project));
  }

  /**
   * The namespace, labelled with its owner and with Pod Security Admission {@code restricted}
   * in enforce, warn and audit mode, so even a pod the platform did not generate must comply.
   */
  public Namespace namespace(ProjectRef project) {
    TreeMap<String, String> labels = new TreeMap<>(Labels.project(project));
    String version = settings.podSecurityVersion();
    labels.put(Labels.PSA_ENFORCE, RESTRICTED);
    labels.put(Labels.PSA_ENFORCE_VERSION, version);
    labels.put(Labels.PSA_WARN, RESTRICTED);
    labels.put(Labels.PSA_WARN_VERSION, version);
    labels.put(Labels.PSA_AUDIT, RESTRICTED);
    labels.put(Labels.PSA_AUDIT_VERSION, version);
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(project.namespace())
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  /**
   * Selects every pod for both directions and allows nothing: what the other policies do not
   * allow is denied, even if one of them is missing after a partial apply.
   */
  public NetworkPolicy defaultDeny(ProjectRef project) {
    return new NetworkPolicyBuilder()
        .withMetadata(meta(project, DEFAULT_DENY))
        .withNewSpec()
        .withPodSelector(new LabelSelector())
        .withPolicyTypes("Ingress", "Egress")
        .endSpec()
        .build();
  }

  /** Ingress from pods of the same namespace, from the ingress controller, and from the configured blocks. */
  public NetworkPolicy ingressPolicy(ProjectRef project) {
    NetworkSettings network = settings.network();
    List<NetworkPolicyIngressRule> rules = new ArrayList<>();
    rules.add(new NetworkPolicyIngressRuleBuilder().withFrom(sameNamespace()).build());
    rules.add(
        new NetworkPolicyIngressRuleBuilder()
            .withFrom(
                new NetworkPolicyPeerBuilder()
                    .withNamespaceSelector(namespaceNamed(network.traefikNamespace()))
                    .withPodSelector(matchLabels(network.traefikPodLabels()))
                    .build())
            .build());
    if (!network.ingressAllowCidrs().isEmpty()) {
      List<NetworkPolicyPeer> blocks = new ArrayList<>();
      for (Cidr cidr : network.ingressAllowCidrs()) {
        blocks.add(new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(cidr.value()).endIpBlock().build());
      }
      rules.add(new NetworkPolicyIngressRuleBuilder().withFrom(blocks).build());
    }
    return new NetworkPolicyBuilder()
        .withMetadata(meta(project, INGRESS_POLICY))
        .withNewSpec()
        .withPodSelector(new LabelSelector())
        .withPolicyTypes("Ingress")
        .withIngress(rules)
        .endSpec()
        .build();
  }

  /**
   * Egress to the cluster DNS pods on port 53 (UDP and TCP), to pods of the same namespace (the
   * seed has services of a project call each other by name), and to any IPv4 address outside
   * the denied blocks. Nothing else: not the nodes, the registry, the cluster API, the metadata
   * service, other namespaces, or IPv6.
   */
  public NetworkPolicy egressPolicy(ProjectRef project) {
    NetworkSettings network = settings.network();
    NetworkPolicyEgressRule dns =
        new NetworkPolicyEgressRuleBuilder()
            .withTo(
                new NetworkPolicyPeerBuilder()
                    .withNamespaceSelector(namespaceNamed(network.dnsNamespace()))
                    .withPodSelector(matchLabels(network.dnsPodLabels()))
                    .build())
            .withPorts(dnsPort("UDP"), dnsPort("TCP"))
            .build();
    NetworkPolicyEgressRule sameNamespace =
        new NetworkPolicyEgressRuleBuilder().withTo(sameNamespace()).build();
    List<String> except = network.egressDenyCidrs().stream().map(Cidr::value).toList();
    NetworkPolicyEgressRule internet =
        new NetworkPolicyEgressRuleBuilder()
            .withTo(
                new NetworkPolicyPeerBuilder()
                    .withNewIpBlock()
                    .withCidr("0.0.0.0/0")
                    .withExcept(except)
                    .endIpBlock()
                    .build())
            .build();
    return new NetworkPolicyBuilder()
        .withMetadata(meta(project, EGRESS_POLICY))
        .withNewSpec()
        .withPodSelector(new LabelSelector())
        .withPolicyTypes("Egress")
        .withEgress(dns, sameNamespace, internet)
        .endSpec()
        .build();
  }

  /** The project's ResourceQuota; NodePort and LoadBalancer Services are refused outright. */
  public ResourceQuota quota(ProjectRef project) {
    QuotaSettings quota = settings.quota();
    Map<String, Quantity> hard = new TreeMap<>();
    hard.put("pods", new Quantity(Integer.toString(quota.pods())));
    hard.put("requests.cpu", new Quantity(quota.requestsCpu()));
    hard.put("requests.memory", new Quantity(quota.requestsMemory()));
    hard.put("limits.cpu", new Quantity(quota.limitsCpu()));
    hard.put("limits.memory", new Quantity(quota.limitsMemory()));
    hard.put("services.loadbalancers", new Quantity("0"));
    hard.put("services.nodeports", new Quantity("0"));
    return new ResourceQuotaBuilder()
        .withMetadata(meta(project, QUOTA))
        .withNewSpec()
        .withHard(hard)
        .endSpec()
        .build();
  }

  /** Per-container defaults and maximum. */
  public LimitRange limitRange(ProjectRef project) {
    LimitRangeSettings limits = settings.limitRange();
    return new LimitRangeBuilder()
        .withMetadata(meta(project, LIMIT_RANGE))
        .withNewSpec()
        .addNewLimit()
        .withType("Container")
        .withDefault(resources(limits.defaultCpu(), limits.defaultMemory()))
        .withDefaultRequest(resources(limits.defaultRequestCpu(), limits.defaultRequestMemory()))
        .withMax(resources(limits.maxCpu(), limits.maxMemory()))
        .endLimit()
        .endSpec()
        .build();
  }

  private static Map<String, Quantity> resources(String cpu, String memory) {
    Map<String, Quantity> map = new LinkedHashMap<>();
    map.put("cpu", new Quantity(cpu));
    map.put("memory", new Quantity(memory));
    return map;
  }

  private static ObjectMeta meta(ProjectRef project, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(project.namespace())
        .withLabels(Labels.project(project))
        .build();
  }

  private static NetworkPolicyPeer sameNamespace() {
    // A pod selector without a namespace selector means: pods of this namespace.
    return new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelector()).build();
  }

  private static LabelSelector namespaceNamed(String namespace) {
    return new LabelSelectorBuilder().withMatchLabels(Map.of(Labels.NAMESPACE_NAME, namespace)).build();
  }

  private static LabelSelector matchLabels(Map<String, String> labels) {
    return new LabelSelectorBuilder().withMatchLabels(new TreeMap<>(labels)).build();
  }

  private static NetworkPolicyPort dnsPort(String protocol) {
    return new NetworkPolicyPortBuilder()
        .withProtocol(protocol)
        .withPort(new IntOrString(DNS_PORT))
        .build();
  }
}
