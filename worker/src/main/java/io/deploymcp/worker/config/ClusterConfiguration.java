package io.deploymcp.worker.config;

import io.deploymcp.kube.InvalidKubeInputException;
import io.deploymcp.kube.settings.Cidr;
import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.kube.settings.IngressTls;
import io.deploymcp.kube.settings.LargestService;
import io.deploymcp.kube.settings.LimitRangeSettings;
import io.deploymcp.kube.settings.NetworkSettings;
import io.deploymcp.kube.settings.QuotaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.boot.convert.DurationStyle;

/**
 * The cluster settings of docs/kubernetes.md §7, read from the environment variables of that
 * table and checked all at once at startup: every bad value is named with its variable and
 * the rule it breaks, and the worker does not start until they are fixed. Also checks that a
 * project can hold the largest service the API accepts ({@code DP_LIMITS_CPU_MAX}, {@code
 * DP_LIMITS_MEMORY_MAX}, the API's variables): refused when not even one pod of it fits,
 * a warning when its rolling update does not.
 *
 * @param settings what the kube module generates objects from
 * @param rolloutTimeout {@code DP_ROLLOUT_TIMEOUT}: how long a rollout may take
 * @param largestService the API's per-service maximum
 * @param warnings what works but will hurt, for the startup report
 */
public record ClusterConfiguration(
    ClusterSettings settings, Duration rolloutTimeout, LargestService largestService, List<String> warnings) {

  public static final String DEFAULT_APPS_DOMAIN = "apps.localhost";
  public static final Duration DEFAULT_ROLLOUT_TIMEOUT = Duration.ofSeconds(120);
  /**
   * The deploy workflow gives the rollout watch 5 minutes in all (start-to-close of
   * awaitRollout), so a longer rollout timeout would never be reached.
   */
  public static final Duration MAX_ROLLOUT_TIMEOUT = Duration.ofMinutes(4);

  /** The variable of each settings field, for messages about a field the kube module refused. */
  static final Map<String, String> VARIABLES =
      Map.ofEntries(
          Map.entry("appsDomain", "DP_APPS_DOMAIN"),
          Map.entry("runtimeClassName", "DP_RUNTIME_CLASS"),
          Map.entry("ingressClassName", "DP_INGRESS_CLASS"),
          Map.entry("ingressTls", "DP_INGRESS_TLS"),
          Map.entry("ingressAnnotations", "DP_INGRESS_ANNOTATIONS"),
          Map.entry("network.traefikNamespace", "DP_TRAEFIK_NAMESPACE"),
          Map.entry("network.traefikPodLabels", "DP_TRAEFIK_POD_LABELS"),
          Map.entry("network.ingressAllowCidrs", "DP_INGRESS_ALLOW_CIDRS"),
          Map.entry("network.dnsNamespace", "DP_DNS_NAMESPACE"),
          Map.entry("network.dnsPodLabels", "DP_DNS_POD_LABELS"),
          Map.entry("network.egressDenyExtraCidrs", "DP_EGRESS_DENY_CIDRS"),
          Map.entry("quota.pods", "DP_QUOTA_PODS"),
          Map.entry("quota.requestsCpu", "DP_QUOTA_REQUESTS_CPU"),
          Map.entry("quota.requestsMemory", "DP_QUOTA_REQUESTS_MEMORY"),
          Map.entry("quota.limitsCpu", "DP_QUOTA_LIMITS_CPU"),
          Map.entry("quota.limitsMemory", "DP_QUOTA_LIMITS_MEMORY"),
          Map.entry("limitRange.defaultCpu", "DP_LIMIT_DEFAULT_CPU"),
          Map.entry("limitRange.defaultMemory", "DP_LIMIT_DEFAULT_MEMORY"),
          Map.entry("limitRange.defaultRequestCpu", "DP_LIMIT_DEFAULT_REQUEST_CPU"),
          Map.entry("limitRange.defaultRequestMemory", "DP_LIMIT_DEFAULT_REQUEST_MEMORY"),
          Map.entry("limitRange.maxCpu", "DP_LIMIT_MAX_CPU"),
          Map.entry("limitRange.maxMemory", "DP_LIMIT_MAX_MEMORY"),
          Map.entry(
              "limitRange",
              "DP_LIMIT_DEFAULT_CPU/_DEFAULT_MEMORY/_DEFAULT_REQUEST_CPU/_DEFAULT_REQUEST_MEMORY/_MAX_CPU/_MAX_MEMORY"),
          Map.entry("podSecurityVersion", "DP_POD_SECURITY_VERSION"),
          Map.entry("tmpSizeLimit", "DP_TMP_SIZE_LIMIT"),
          Map.entry("fieldManager", "DP_FIELD_MANAGER"),
          Map.entry("largestService.cpu", "DP_LIMITS_CPU_MAX"),
          Map.entry("largestService.memory", "DP_LIMITS_MEMORY_MAX"));

  /** One or more variables have values the worker cannot use; the message lists them all. */
  public static final class InvalidException extends IllegalArgumentException {
    private final List<String> problems;

    InvalidException(List<String> problems) {
      super("invalid cluster configuration:\n  - " + String.join("\n  - ", problems));
      this.problems = List.copyOf(problems);
    }

    /** One line per problem, each starting with the variable's name. */
    public List<String> problems() {
      return problems;
    }
  }

  /**
   * Reads and checks every variable.
   *
   * @param environment a variable's value by name, null when unset
   * @throws InvalidException listing every variable with a bad value
   */
  public static ClusterConfiguration fromEnvironment(Function<String, String> environment) {
    return new Parser(environment, Optional.empty()).parse();
  }

  /**
   * Like {@link #fromEnvironment(Function)}, with the per-service maximum the API published
   * ({@link ApiServiceLimits}): when present it is what the quotas are checked against, and a
   * different DP_LIMITS_* of this worker's own is a warning instead of a silent disagreement.
   */
  public static ClusterConfiguration fromEnvironment(
      Function<String, String> environment, Optional<LargestService> publishedByApi) {
    return new Parser(environment, publishedByApi).parse();
  }

  /** Lines for the startup report (no secret is among these settings). */
  public List<String> summary() {
    ClusterSettings s = settings;
    NetworkSettings n = s.network();
    QuotaSettings q = s.quota();
    LimitRangeSettings l = s.limitRange();
    List<String> lines = new ArrayList<>();
    lines.add(
        "Cluster objects: apps domain " + s.appsDomain()
            + s.runtimeClass()
                .map(r -> ", RuntimeClass " + r)
                .orElse(", sandbox DISABLED (DP_SANDBOX_DISABLED=true: pods run without gVisor)")
            + ", IngressClass " + s.ingressClass().orElse("(cluster default)")
            + ", TLS " + s.ingressTls().name().toLowerCase(Locale.ROOT).replace('_', '-')
            + (s.ingressAnnotations().isEmpty() ? "" : ", Ingress annotations " + pairs(s.ingressAnnotations()))
            + ", Pod Security " + s.podSecurityVersion()
            + ", /tmp " + s.tmpSizeLimit()
            + ", field manager " + s.fieldManager()
            + ", rollout timeout " + rolloutTimeout.toSeconds() + " s");
    lines.add(
        "Cluster network: in from " + n.traefikNamespace() + "/" + pairs(n.traefikPodLabels())
            + (n.ingressAllowCidrs().isEmpty() ? "" : " and " + join(n.ingressAllowCidrs()))
            + "; DNS " + n.dnsNamespace() + "/" + pairs(n.dnsPodLabels())
            + "; egress denied to " + join(n.egressDenyCidrs()));
    lines.add(
        "Cluster limits per project: " + q.pods() + " pods, requests " + q.requestsCpu() + " cpu / "
            + q.requestsMemory() + ", limits " + q.limitsCpu() + " cpu / " + q.limitsMemory()
            + "; per container default " + l.defaultCpu() + " / " + l.defaultMemory() + ", max "
            + l.maxCpu() + " / " + l.maxMemory() + "; largest service " + largestService.cpu() + " cpu / "
            + largestService.memory());
    return lines;
  }

  private static String pairs(Map<String, String> map) {
    return map.isEmpty()
        ? "(any pod)"
        : map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  private static String join(List<Cidr> cidrs) {
    return cidrs.stream().map(Cidr::value).collect(Collectors.joining(","));
  }

  private static final class Parser {
    private final Function<String, String> environment;
    private final Optional<LargestService> publishedByApi;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Parser(Function<String, String> environment, Optional<LargestService> publishedByApi) {
      this.environment = environment;
      this.publishedByApi = publishedByApi;
    }

    ClusterConfiguration parse() {
      String appsDomain = text("DP_APPS_DOMAIN", DEFAULT_APPS_DOMAIN);
      ClusterSettings defaults = check(() -> ClusterSettings.defaults(appsDomain));
      if (defaults == null) {
        // Every other check builds on a valid domain; report against the default one.
        defaults = ClusterSettings.defaults(DEFAULT_APPS_DOMAIN);
      }
      String baseDomain = defaults.appsDomain();

      // Each top-level value is checked on its own against the defaults, so one bad value does
      // not hide the next.
      String runtimeClass = raw("DP_RUNTIME_CLASS", ClusterSettings.DEFAULT_RUNTIME_CLASS);
      Boolean sandboxDisabled = bool("DP_SANDBOX_DISABLED", false);
      String ingressClass = raw("DP_INGRESS_CLASS", ClusterSettings.DEFAULT_INGRESS_CLASS);
      String ingressClassName = ingressClass.isBlank() ? null : ingressClass.strip();
      IngressTls tls = ingressTls();
      Map<String, String> annotations = annotations();
      String podSecurity = text("DP_POD_SECURITY_VERSION", ClusterSettings.DEFAULT_POD_SECURITY_VERSION);
      String tmp = text("DP_TMP_SIZE_LIMIT", ClusterSettings.DEFAULT_TMP_SIZE_LIMIT);
      String fieldManager = text("DP_FIELD_MANAGER", ClusterSettings.DEFAULT_FIELD_MANAGER);
      boolean disabled = Boolean.TRUE.equals(sandboxDisabled);
      check(() -> ClusterSettings.builder(baseDomain).runtimeClassName(runtimeClass).sandboxDisabled(disabled).build());
      check(() -> ClusterSettings.builder(baseDomain).ingressClassName(ingressClassName).build());
      check(() -> ClusterSettings.builder(baseDomain).podSecurityVersion(podSecurity).build());
      check(() -> ClusterSettings.builder(baseDomain).tmpSizeLimit(tmp).build());
      check(() -> ClusterSettings.builder(baseDomain).fieldManager(fieldManager).build());
      if (annotations != null) {
        check(() -> ClusterSettings.builder(baseDomain).ingressAnnotations(annotations).build());
      }

      NetworkSettings network = network();
      QuotaSettings quota = quota();
      LimitRangeSettings limitRange = limitRange();
      Duration rolloutTimeout = rolloutTimeout();
      LargestService own =
          check(
              () ->
                  new LargestService(
                      text("DP_LIMITS_CPU_MAX", LargestService.API_DEFAULT.cpu()),
                      text("DP_LIMITS_MEMORY_MAX", LargestService.API_DEFAULT.memory())));
      LargestService largest = publishedByApi.orElse(own);
      boolean ownSet = environment.apply("DP_LIMITS_CPU_MAX") != null || environment.apply("DP_LIMITS_MEMORY_MAX") != null;
      if (publishedByApi.isPresent() && own != null && ownSet && !own.sameAs(publishedByApi.get())) {
        notes.add("DP_LIMITS_CPU_MAX " + own.cpu() + " / DP_LIMITS_MEMORY_MAX " + own.memory() + " on this worker"
            + " differ from the maximum the API accepts (" + publishedByApi.get().cpu() + " / "
            + publishedByApi.get().memory() + ", published at its start): the quotas are checked against the"
            + " API's; set the same values on both, or none on the worker");
      }

      if (!problems.isEmpty()) {
        throw new InvalidException(problems);
      }
      ClusterSettings settings =
          check(
              () ->
                  ClusterSettings.builder(baseDomain)
                      .runtimeClassName(runtimeClass)
                      .sandboxDisabled(disabled)
                      .ingressClassName(ingressClassName)
                      .ingressTls(tls)
                      .ingressAnnotations(annotations)
                      .network(network)
                      .quota(quota)
                      .limitRange(limitRange)
                      .podSecurityVersion(podSecurity)
                      .tmpSizeLimit(tmp)
                      .fieldManager(fieldManager)
                      .build());
      if (settings == null) {
        throw new InvalidException(problems);
      }

      for (LargestService.Shortfall s : largest.cannotRun(settings)) {
        problems.add(
            variable(s.setting()) + ": " + s.value() + " cannot hold one pod of the largest service the"
                + " API accepts (DP_LIMITS_CPU_MAX " + largest.cpu() + ", DP_LIMITS_MEMORY_MAX "
                + largest.memory() + "), which needs " + s.needed()
                + (publishedByApi.isPresent()
                    ? "; raise it, or lower the API's maximum (its DP_LIMITS_*)"
                    : "; raise it, or lower the API's maximum (set the same DP_LIMITS_* on API and worker)"));
      }
      if (!problems.isEmpty()) {
        throw new InvalidException(problems);
      }
      List<String> warnings = new ArrayList<>(notes);
      for (LargestService.Shortfall s : largest.cannotRollOut(settings)) {
        warnings.add(
            variable(s.setting()) + " " + s.value() + " holds one pod of the largest service the API"
                + " accepts but not the two of its rolling update (needs " + s.needed()
                + "): redeploying such a service fails QUOTA_EXCEEDED");
      }
      return new ClusterConfiguration(settings, rolloutTimeout, largest, List.copyOf(warnings));
    }

    private NetworkSettings network() {
      NetworkSettings d = NetworkSettings.DEFAULTS;
      String traefikNamespace = text("DP_TRAEFIK_NAMESPACE", d.traefikNamespace());
      Map<String, String> traefikLabels = labels("DP_TRAEFIK_POD_LABELS", d.traefikPodLabels());
      List<Cidr> allow = cidrs("DP_INGRESS_ALLOW_CIDRS");
      String dnsNamespace = text("DP_DNS_NAMESPACE", d.dnsNamespace());
      Map<String, String> dnsLabels = labels("DP_DNS_POD_LABELS", d.dnsPodLabels());
      List<Cidr> deny = cidrs("DP_EGRESS_DENY_CIDRS");
      if (traefikLabels == null || allow == null || dnsLabels == null || deny == null) {
        return null;
      }
      return check(() -> new NetworkSettings(traefikNamespace, traefikLabels, allow, dnsNamespace, dnsLabels, deny));
    }

    private QuotaSettings quota() {
      QuotaSettings d = QuotaSettings.DEFAULTS;
      Integer pods = integer("DP_QUOTA_PODS", d.pods());
      String requestsCpu = text("DP_QUOTA_REQUESTS_CPU", d.requestsCpu());
      String requestsMemory = text("DP_QUOTA_REQUESTS_MEMORY", d.requestsMemory());
      String limitsCpu = text("DP_QUOTA_LIMITS_CPU", d.limitsCpu());
      String limitsMemory = text("DP_QUOTA_LIMITS_MEMORY", d.limitsMemory());
      // Each value on its own (with the defaults for the rest), so all bad ones are named.
      if (pods != null) {
        check(() -> new QuotaSettings(pods, d.requestsCpu(), d.requestsMemory(), d.limitsCpu(), d.limitsMemory()));
      }
      check(() -> new QuotaSettings(d.pods(), requestsCpu, d.requestsMemory(), d.limitsCpu(), d.limitsMemory()));
      check(() -> new QuotaSettings(d.pods(), d.requestsCpu(), requestsMemory, d.limitsCpu(), d.limitsMemory()));
      check(() -> new QuotaSettings(d.pods(), d.requestsCpu(), d.requestsMemory(), limitsCpu, d.limitsMemory()));
      check(() -> new QuotaSettings(d.pods(), d.requestsCpu(), d.requestsMemory(), d.limitsCpu(), limitsMemory));
      if (pods == null) {
        return null;
      }
      try {
        return new QuotaSettings(pods, requestsCpu, requestsMemory, limitsCpu, limitsMemory);
      } catch (InvalidKubeInputException alreadyReported) {
        return null;
      }
    }

    private LimitRangeSettings limitRange() {
      LimitRangeSettings d = LimitRangeSettings.DEFAULTS;
      String cpu = text("DP_LIMIT_DEFAULT_CPU", d.defaultCpu());
      String memory = text("DP_LIMIT_DEFAULT_MEMORY", d.defaultMemory());
      String requestCpu = text("DP_LIMIT_DEFAULT_REQUEST_CPU", d.defaultRequestCpu());
      String requestMemory = text("DP_LIMIT_DEFAULT_REQUEST_MEMORY", d.defaultRequestMemory());
      String maxCpu = text("DP_LIMIT_MAX_CPU", d.maxCpu());
      String maxMemory = text("DP_LIMIT_MAX_MEMORY", d.maxMemory());
      int before = problems.size();
      // Quantities one by one against generous bounds, then how they relate to each other.
      String huge = "1000Pi";
      check(() -> new LimitRangeSettings(cpu, "1", "1m", "1", huge, huge));
      check(() -> new LimitRangeSettings("1m", memory, "1m", "1", huge, huge));
      check(() -> new LimitRangeSettings(huge, "1", requestCpu, "1", huge, huge));
      check(() -> new LimitRangeSettings("1m", huge, "1m", requestMemory, huge, huge));
      check(() -> new LimitRangeSettings("1m", "1", "1m", "1", maxCpu, huge));
      check(() -> new LimitRangeSettings("1m", "1", "1m", "1", huge, maxMemory));
      if (problems.size() > before) {
        return null;
      }
      return check(() -> new LimitRangeSettings(cpu, memory, requestCpu, requestMemory, maxCpu, maxMemory));
    }

    private Duration rolloutTimeout() {
      String value = text("DP_ROLLOUT_TIMEOUT", null);
      if (value == null) {
        return DEFAULT_ROLLOUT_TIMEOUT;
      }
      Duration timeout;
      try {
        timeout = DurationStyle.detectAndParse(value);
      } catch (IllegalArgumentException e) {
        problems.add("DP_ROLLOUT_TIMEOUT: '" + value + "' is not a duration like 120s or 2m");
        return null;
      }
      if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_ROLLOUT_TIMEOUT) > 0) {
        problems.add(
            "DP_ROLLOUT_TIMEOUT: " + value + " must be more than 0 and at most " + MAX_ROLLOUT_TIMEOUT.toMinutes()
                + "m (the deploy workflow gives the rollout watch 5 minutes)");
        return null;
      }
      return timeout;
    }

    private IngressTls ingressTls() {
      String value = text("DP_INGRESS_TLS", "default-certificate");
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "default-certificate" -> IngressTls.DEFAULT_CERTIFICATE;
        case "none" -> IngressTls.NONE;
        default -> {
          problems.add("DP_INGRESS_TLS: '" + value + "' is not 'default-certificate' or 'none'");
          yield IngressTls.DEFAULT_CERTIFICATE;
        }
      };
    }

    /**
     * {@code key=value} entries separated by commas, or by newlines when the value has any (an
     * annotation value may itself hold commas, e.g. a list of Traefik middlewares).
     */
    private Map<String, String> annotations() {
      String value = raw("DP_INGRESS_ANNOTATIONS", "");
      String separator = value.contains("\n") ? "\n" : ",";
      return entries("DP_INGRESS_ANNOTATIONS", value, separator);
    }

    private Map<String, String> labels(String variable, Map<String, String> defaults) {
      String value = raw(variable, null);
      if (value == null) {
        return defaults;
      }
      return entries(variable, value, ",");
    }

    private Map<String, String> entries(String variable, String value, String separator) {
      Map<String, String> out = new LinkedHashMap<>();
      for (String entry : value.split(separator, -1)) {
        if (entry.isBlank()) {
          continue;
        }
        int eq = entry.indexOf('=');
        if (eq <= 0) {
          problems.add(variable + ": '" + entry.strip() + "' is not key=value");
          return null;
        }
        String key = entry.substring(0, eq).strip();
        if (out.put(key, entry.substring(eq + 1).strip()) != null) {
          problems.add(variable + ": '" + key + "' is given twice");
          return null;
        }
      }
      return out;
    }

    private List<Cidr> cidrs(String variable) {
      List<Cidr> out = new ArrayList<>();
      for (String entry : raw(variable, "").split(",", -1)) {
        if (entry.isBlank()) {
          continue;
        }
        try {
          out.add(Cidr.parse(entry));
        } catch (InvalidKubeInputException e) {
          problems.add(variable + ": " + e.getMessage().substring(e.field().length() + 2));
          return null;
        }
      }
      return out;
    }

    private Integer integer(String variable, int defaultValue) {
      String value = text(variable, null);
      if (value == null) {
        return defaultValue;
      }
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        problems.add(variable + ": '" + value + "' is not a whole number");
        return null;
      }
    }

    private Boolean bool(String variable, boolean defaultValue) {
      String value = text(variable, null);
      if (value == null) {
        return defaultValue;
      }
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> {
          problems.add(variable + ": '" + value + "' is not true or false");
          yield null;
        }
      };
    }

    /** The stripped value; unset or blank is the default (blank is how charts leave a value out). */
    private String text(String variable, String defaultValue) {
      String value = environment.apply(variable);
      return value == null || value.isBlank() ? defaultValue : value.strip();
    }

    /** The value as given; only unset is the default (blank may mean something). */
    private String raw(String variable, String defaultValue) {
      String value = environment.apply(variable);
      return value == null ? defaultValue : value;
    }

    /** Runs a constructor; a refusal becomes a problem naming the variable. */
    private <T> T check(Supplier<T> build) {
      try {
        return build.get();
      } catch (InvalidKubeInputException e) {
        String variable = variable(e.field());
        String message = e.getMessage().substring(e.field().length() + 2);
        String line = variable + ": " + message;
        if (!problems.contains(line)) {
          problems.add(line);
        }
        return null;
      }
    }

    private static String variable(String field) {
      return VARIABLES.getOrDefault(field, field);
    }
  }

}
