package io.deploymcp.kube.settings;

import io.deploymcp.kube.InvalidKubeInputException;
import io.deploymcp.kube.naming.DnsNames;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How this installation runs services: one value per cluster, read from the operator's
 * configuration (never from a request). Every value the seeds hard-code is here with the seed's
 * value as its default; see docs/kubernetes.md for the configuration names.
 *
 * @param appsDomain services are reached at {@code <service>.<appsDomain>} ({@code
 *     DP_APPS_DOMAIN})
 * @param runtimeClassName the RuntimeClass of every pod, {@code gvisor} by default
 * @param sandboxDisabled the operator's switch to run pods without a RuntimeClass (e.g. a
 *     development cluster without gVisor); the only way to drop it, never per request
 * @param ingressClassName the IngressClass of every Ingress, or null for the cluster's default
 *     class
 * @param ingressTls how an Ingress asks for TLS
 * @param ingressAnnotations extra annotations on every Ingress (e.g. Traefik router options),
 *     sorted by key
 * @param network what the project NetworkPolicies let through
 * @param quota the project ResourceQuota
 * @param limitRange the project LimitRange
 * @param podSecurityVersion the Pod Security Standards version the namespaces enforce: {@code
 *     latest} or {@code v1.<minor>}
 * @param tmpSizeLimit size limit of the writable emptyDir at {@code /tmp}
 * @param fieldManager the server-side apply field manager of every object; every replica must
 *     use the same one, or replicas fight over fields
 */
public record ClusterSettings(
    String appsDomain,
    String runtimeClassName,
    boolean sandboxDisabled,
    String ingressClassName,
    IngressTls ingressTls,
    Map<String, String> ingressAnnotations,
    NetworkSettings network,
    QuotaSettings quota,
    LimitRangeSettings limitRange,
    String podSecurityVersion,
    String tmpSizeLimit,
    String fieldManager) {

  public static final String DEFAULT_RUNTIME_CLASS = "gvisor";
  public static final String DEFAULT_INGRESS_CLASS = "traefik";
  public static final String DEFAULT_FIELD_MANAGER = "deploy-mcp";
  public static final String DEFAULT_POD_SECURITY_VERSION = "latest";
  public static final String DEFAULT_TMP_SIZE_LIMIT = "1Gi";

  /** A 63-character host label, a dot and the domain must stay within a 253-character name. */
  public static final int MAX_APPS_DOMAIN = DnsNames.SUBDOMAIN_MAX - DnsNames.LABEL_MAX - 1;

  private static final Pattern PSS_VERSION = Pattern.compile("latest|v1\\.[0-9]{1,3}");
  private static final Pattern FIELD_MANAGER = Pattern.compile("[A-Za-z0-9][-A-Za-z0-9_.]{0,127}");

  public ClusterSettings {
    if (appsDomain == null || !DnsNames.isHostname(appsDomain)) {
      throw new InvalidKubeInputException(
          "appsDomain", "'" + appsDomain + "' is not a lowercase DNS name such as apps.example.com");
    }
    if (appsDomain.length() > MAX_APPS_DOMAIN) {
      throw new InvalidKubeInputException(
          "appsDomain", "is longer than " + MAX_APPS_DOMAIN + " characters, so service hosts would pass 253");
    }
    if (!sandboxDisabled && !DnsNames.isDns1123Subdomain(runtimeClassName)) {
      // An empty name does not switch the sandbox off: only sandboxDisabled does.
      throw new InvalidKubeInputException(
          "runtimeClassName",
          "'" + runtimeClassName + "' is not a RuntimeClass name; to run without one, the operator"
              + " sets sandboxDisabled");
    }
    if (sandboxDisabled) {
      runtimeClassName = null;
    }
    if (ingressClassName != null && !DnsNames.isDns1123Subdomain(ingressClassName)) {
      throw new InvalidKubeInputException(
          "ingressClassName", "'" + ingressClassName + "' is not an IngressClass name");
    }
    if (ingressTls == null) {
      throw new InvalidKubeInputException("ingressTls", "is required");
    }
    ingressAnnotations = SettingsChecks.annotations("ingressAnnotations", ingressAnnotations);
    if (network == null) {
      throw new InvalidKubeInputException("network", "is required");
    }
    if (quota == null) {
      throw new InvalidKubeInputException("quota", "is required");
    }
    if (limitRange == null) {
      throw new InvalidKubeInputException("limitRange", "is required");
    }
    if (podSecurityVersion == null || !PSS_VERSION.matcher(podSecurityVersion).matches()) {
      throw new InvalidKubeInputException(
          "podSecurityVersion", "'" + podSecurityVersion + "' is not 'latest' or 'v1.<minor>'");
    }
    SettingsChecks.quantity("tmpSizeLimit", tmpSizeLimit);
    if (fieldManager == null || !FIELD_MANAGER.matcher(fieldManager).matches()) {
      throw new InvalidKubeInputException("fieldManager", "'" + fieldManager + "' is not a field manager name");
    }
  }

  /** The RuntimeClass every pod runs under; empty only when the operator disabled the sandbox. */
  public Optional<String> runtimeClass() {
    return Optional.ofNullable(runtimeClassName);
  }

  /** The IngressClass, or empty for the cluster's default class. */
  public Optional<String> ingressClass() {
    return Optional.ofNullable(ingressClassName);
  }

  /** Settings with every default for services under {@code appsDomain}. */
  public static ClusterSettings defaults(String appsDomain) {
    return builder(appsDomain).build();
  }

  /** A builder that starts from the defaults. */
  public static Builder builder(String appsDomain) {
    return new Builder(appsDomain);
  }

  /** Starts from the defaults; {@link #build()} validates everything at once. */
  public static final class Builder {
    private final String appsDomain;
    private String runtimeClassName = DEFAULT_RUNTIME_CLASS;
    private boolean sandboxDisabled;
    private String ingressClassName = DEFAULT_INGRESS_CLASS;
    private IngressTls ingressTls = IngressTls.DEFAULT_CERTIFICATE;
    private Map<String, String> ingressAnnotations = Map.of();
    private NetworkSettings network = NetworkSettings.DEFAULTS;
    private QuotaSettings quota = QuotaSettings.DEFAULTS;
    private LimitRangeSettings limitRange = LimitRangeSettings.DEFAULTS;
    private String podSecurityVersion = DEFAULT_POD_SECURITY_VERSION;
    private String tmpSizeLimit = DEFAULT_TMP_SIZE_LIMIT;
    private String fieldManager = DEFAULT_FIELD_MANAGER;

    private Builder(String appsDomain) {
      this.appsDomain = appsDomain;
    }

    public Builder runtimeClassName(String name) {
      this.runtimeClassName = name;
      return this;
    }

    /** The operator's switch: pods run without a RuntimeClass (no gVisor sandbox). */
    public Builder sandboxDisabled(boolean disabled) {
      this.sandboxDisabled = disabled;
      return this;
    }

    /** The IngressClass, or null for the cluster's default class. */
    public Builder ingressClassName(String name) {
      this.ingressClassName = name;
      return this;
    }

    public Builder ingressTls(IngressTls tls) {
      this.ingressTls = tls;
      return this;
    }

    public Builder ingressAnnotations(Map<String, String> annotations) {
      this.ingressAnnotations = annotations;
      return this;
    }

    public Builder network(NetworkSettings network) {
      this.network = network;
      return this;
    }

    public Builder quota(QuotaSettings quota) {
      this.quota = quota;
      return this;
    }

    public Builder limitRange(LimitRangeSettings limitRange) {
      this.limitRange = limitRange;
      return this;
    }

    public Builder podSecurityVersion(String version) {
      this.podSecurityVersion = version;
      return this;
    }

    public Builder tmpSizeLimit(String limit) {
      this.tmpSizeLimit = limit;
      return this;
    }

    public Builder fieldManager(String fieldManager) {
      this.fieldManager = fieldManager;
      return this;
    }

    public ClusterSettings build() {
      return new ClusterSettings(
          appsDomain,
          runtimeClassName,
          sandboxDisabled,
          ingressClassName,
          ingressTls,
          ingressAnnotations,
          network,
          quota,
          limitRange,
          podSecurityVersion,
          tmpSizeLimit,
          fieldManager);
    }
  }
}
