package io.deploymcp.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.kube.settings.Cidr;
import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.kube.settings.IngressTls;
import io.deploymcp.kube.settings.LargestService;
import io.deploymcp.kube.settings.LimitRangeSettings;
import io.deploymcp.kube.settings.NetworkSettings;
import io.deploymcp.kube.settings.QuotaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterConfigurationTest {

  private static ClusterConfiguration parse(Map<String, String> env) {
    return ClusterConfiguration.fromEnvironment(env::get);
  }

  private static List<String> problems(Map<String, String> env) {
    try {
      parse(env);
    } catch (ClusterConfiguration.InvalidException e) {
      return e.problems();
    }
    throw new AssertionError("accepted: " + env);
  }

  @Test
  void nothingSetIsTheKubeModulesDefaults() {
    ClusterConfiguration config = parse(Map.of());

    assertThat(config.settings()).isEqualTo(ClusterSettings.defaults("apps.localhost"));
    assertThat(config.rolloutTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(config.largestService()).isEqualTo(LargestService.API_DEFAULT);
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void blankValuesAreTheDefaultsAsAChartLeavesThem() {
    Map<String, String> env = new HashMap<>();
    for (String variable : List.of("DP_APPS_DOMAIN", "DP_QUOTA_PODS", "DP_QUOTA_REQUESTS_MEMORY", "DP_LIMIT_MAX_CPU",
        "DP_ROLLOUT_TIMEOUT", "DP_INGRESS_TLS", "DP_SANDBOX_DISABLED", "DP_INGRESS_ALLOW_CIDRS", "DP_TMP_SIZE_LIMIT")) {
      env.put(variable, " ");
    }

    assertThat(parse(env).settings()).isEqualTo(ClusterSettings.defaults("apps.localhost"));
  }

  @Test
  void everyVariableIsMapped() {
    Map<String, String> env = new HashMap<>();
    env.put("DP_APPS_DOMAIN", "apps.example.com");
    env.put("DP_RUNTIME_CLASS", "kata");
    env.put("DP_INGRESS_CLASS", "nginx");
    env.put("DP_INGRESS_TLS", "none");
    env.put("DP_INGRESS_ANNOTATIONS",
        "traefik.ingress.kubernetes.io/router.entrypoints=websecure, traefik.ingress.kubernetes.io/router.tls=true");
    env.put("DP_TRAEFIK_NAMESPACE", "kube-system");
    env.put("DP_TRAEFIK_POD_LABELS", "app.kubernetes.io/name=traefik,app.kubernetes.io/instance=traefik-kube-system");
    env.put("DP_INGRESS_ALLOW_CIDRS", "10.0.1.0/24, 10.0.2.7");
    env.put("DP_DNS_NAMESPACE", "dns");
    env.put("DP_DNS_POD_LABELS", "k8s-app=coredns");
    env.put("DP_EGRESS_DENY_CIDRS", "203.0.113.10,198.51.100.0/24");
    env.put("DP_QUOTA_PODS", "30");
    env.put("DP_QUOTA_REQUESTS_CPU", "10");
    env.put("DP_QUOTA_REQUESTS_MEMORY", "20Gi");
    env.put("DP_QUOTA_LIMITS_CPU", "12");
    env.put("DP_QUOTA_LIMITS_MEMORY", "24Gi");
    env.put("DP_LIMIT_DEFAULT_CPU", "500m");
    env.put("DP_LIMIT_DEFAULT_MEMORY", "512Mi");
    env.put("DP_LIMIT_DEFAULT_REQUEST_CPU", "100m");
    env.put("DP_LIMIT_DEFAULT_REQUEST_MEMORY", "128Mi");
    env.put("DP_LIMIT_MAX_CPU", "5");
    env.put("DP_LIMIT_MAX_MEMORY", "10Gi");
    env.put("DP_POD_SECURITY_VERSION", "v1.33");
    env.put("DP_TMP_SIZE_LIMIT", "2Gi");
    env.put("DP_FIELD_MANAGER", "deploy-mcp-eu");
    env.put("DP_ROLLOUT_TIMEOUT", "3m");
    env.put("DP_LIMITS_CPU_MAX", "5");
    env.put("DP_LIMITS_MEMORY_MAX", "10Gi");

    ClusterConfiguration config = parse(env);
    ClusterSettings s = config.settings();

    assertThat(s.appsDomain()).isEqualTo("apps.example.com");
    assertThat(s.runtimeClass()).contains("kata");
    assertThat(s.ingressClass()).contains("nginx");
    assertThat(s.ingressTls()).isEqualTo(IngressTls.NONE);
    assertThat(s.ingressAnnotations()).containsExactly(
        Map.entry("traefik.ingress.kubernetes.io/router.entrypoints", "websecure"),
        Map.entry("traefik.ingress.kubernetes.io/router.tls", "true"));
    assertThat(s.network()).isEqualTo(new NetworkSettings(
        "kube-system",
        Map.of("app.kubernetes.io/name", "traefik", "app.kubernetes.io/instance", "traefik-kube-system"),
        List.of(new Cidr("10.0.1.0/24"), new Cidr("10.0.2.7/32")),
        "dns",
        Map.of("k8s-app", "coredns"),
        List.of(new Cidr("203.0.113.10/32"), new Cidr("198.51.100.0/24"))));
    assertThat(s.quota()).isEqualTo(new QuotaSettings(30, "10", "20Gi", "12", "24Gi"));
    assertThat(s.limitRange()).isEqualTo(new LimitRangeSettings("500m", "512Mi", "100m", "128Mi", "5", "10Gi"));
    assertThat(s.podSecurityVersion()).isEqualTo("v1.33");
    assertThat(s.tmpSizeLimit()).isEqualTo("2Gi");
    assertThat(s.fieldManager()).isEqualTo("deploy-mcp-eu");
    assertThat(config.rolloutTimeout()).isEqualTo(Duration.ofMinutes(3));
    assertThat(config.largestService()).isEqualTo(new LargestService("5", "10Gi"));
    assertThat(config.warnings()).isEmpty();
    assertThat(config.summary())
        .anySatisfy(line -> assertThat(line).contains("apps domain apps.example.com", "RuntimeClass kata",
            "IngressClass nginx", "TLS none", "router.tls=true", "Pod Security v1.33", "rollout timeout 180 s"))
        .anySatisfy(line -> assertThat(line).contains("in from kube-system/", "10.0.1.0/24,10.0.2.7/32",
            "DNS dns/k8s-app=coredns", "169.254.0.0/16,203.0.113.10/32"))
        .anySatisfy(line -> assertThat(line).contains("30 pods", "requests 10 cpu / 20Gi", "max 5 / 10Gi",
            "largest service 5 cpu / 10Gi"));
  }

  @Test
  void anEmptyIngressClassIsTheClustersDefaultAndTheSandboxIsOnlyOffByTheSwitch() {
    assertThat(parse(Map.of("DP_INGRESS_CLASS", "")).settings().ingressClass()).isEmpty();
    assertThat(parse(Map.of("DP_SANDBOX_DISABLED", "TRUE")).settings().runtimeClass()).isEmpty();
    assertThat(parse(Map.of("DP_SANDBOX_DISABLED", "true")).summary().getFirst()).contains("sandbox DISABLED");
    assertThat(problems(Map.of("DP_RUNTIME_CLASS", ""))).singleElement().asString()
        .startsWith("DP_RUNTIME_CLASS: '' is not a RuntimeClass name");
  }

  @Test
  void annotationValuesWithCommasAreGivenOnePerLine() {
    ClusterConfiguration config = parse(Map.of("DP_INGRESS_ANNOTATIONS",
        "traefik.ingress.kubernetes.io/router.middlewares=dp-system-a@kubernetescrd,dp-system-b@kubernetescrd\n"
            + "traefik.ingress.kubernetes.io/router.tls=true\n"));

    assertThat(config.settings().ingressAnnotations()).containsExactly(
        Map.entry("traefik.ingress.kubernetes.io/router.middlewares", "dp-system-a@kubernetescrd,dp-system-b@kubernetescrd"),
        Map.entry("traefik.ingress.kubernetes.io/router.tls", "true"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "DP_APPS_DOMAIN|Apps.Example.com|DP_APPS_DOMAIN: 'Apps.Example.com' is not a lowercase DNS name",
      "DP_RUNTIME_CLASS|G_Visor|DP_RUNTIME_CLASS: 'G_Visor' is not a RuntimeClass name",
      "DP_SANDBOX_DISABLED|yes|DP_SANDBOX_DISABLED: 'yes' is not true or false",
      "DP_INGRESS_CLASS|Traefik|DP_INGRESS_CLASS: 'Traefik' is not an IngressClass name",
      "DP_INGRESS_TLS|letsencrypt|DP_INGRESS_TLS: 'letsencrypt' is not 'default-certificate' or 'none'",
      "DP_INGRESS_ANNOTATIONS|router.tls|DP_INGRESS_ANNOTATIONS: 'router.tls' is not key=value",
      "DP_INGRESS_ANNOTATIONS|a=1,a=2|DP_INGRESS_ANNOTATIONS: 'a' is given twice",
      "DP_INGRESS_ANNOTATIONS|bad key=1|DP_INGRESS_ANNOTATIONS: 'bad key' is not an annotation key",
      "DP_TRAEFIK_NAMESPACE|Kube_System|DP_TRAEFIK_NAMESPACE: 'Kube_System' is not a namespace name",
      "DP_TRAEFIK_POD_LABELS|app=tr aefik|DP_TRAEFIK_POD_LABELS: 'tr aefik' is not a label value",
      "DP_INGRESS_ALLOW_CIDRS|10.0.1.1/24|DP_INGRESS_ALLOW_CIDRS: '10.0.1.1/24' has host bits set",
      "DP_INGRESS_ALLOW_CIDRS|nodes|DP_INGRESS_ALLOW_CIDRS: 'nodes/32' is not an IPv4 CIDR",
      "DP_DNS_NAMESPACE|-dns|DP_DNS_NAMESPACE: '-dns' is not a namespace name",
      "DP_DNS_POD_LABELS|''|DP_DNS_POD_LABELS: must select the DNS pods",
      "DP_EGRESS_DENY_CIDRS|0.0.0.0/0|DP_EGRESS_DENY_CIDRS: 0.0.0.0/0 would deny the whole internet",
      "DP_EGRESS_DENY_CIDRS|fd00::/8|DP_EGRESS_DENY_CIDRS: 'fd00::/8' is not an IPv4 CIDR",
      "DP_QUOTA_PODS|twenty|DP_QUOTA_PODS: 'twenty' is not a whole number",
      "DP_QUOTA_PODS|0|DP_QUOTA_PODS: must be positive",
      "DP_QUOTA_REQUESTS_CPU|four|DP_QUOTA_REQUESTS_CPU: 'four' is not a Kubernetes quantity",
      "DP_QUOTA_REQUESTS_MEMORY|-16Gi|DP_QUOTA_REQUESTS_MEMORY: '-16Gi' must be positive",
      "DP_QUOTA_LIMITS_CPU|8 cores|DP_QUOTA_LIMITS_CPU: '8 cores' is not a Kubernetes quantity",
      "DP_QUOTA_LIMITS_MEMORY|16GB|DP_QUOTA_LIMITS_MEMORY: '16GB' is not a Kubernetes quantity",
      "DP_LIMIT_DEFAULT_CPU|x|DP_LIMIT_DEFAULT_CPU: 'x' is not a Kubernetes quantity",
      "DP_LIMIT_DEFAULT_MEMORY|0|DP_LIMIT_DEFAULT_MEMORY: '0' must be positive",
      "DP_LIMIT_DEFAULT_REQUEST_CPU|x|DP_LIMIT_DEFAULT_REQUEST_CPU: 'x' is not a Kubernetes quantity",
      "DP_LIMIT_DEFAULT_REQUEST_MEMORY|x|DP_LIMIT_DEFAULT_REQUEST_MEMORY: 'x' is not a Kubernetes quantity",
      "DP_LIMIT_DEFAULT_REQUEST_CPU|1|DP_LIMIT_DEFAULT_CPU/_DEFAULT_MEMORY/_DEFAULT_REQUEST_CPU/_DEFAULT_REQUEST_MEMORY/_MAX_CPU/_MAX_MEMORY: the default request must not exceed the default limit",
      "DP_LIMIT_MAX_CPU|x|DP_LIMIT_MAX_CPU: 'x' is not a Kubernetes quantity",
      "DP_LIMIT_MAX_MEMORY|x|DP_LIMIT_MAX_MEMORY: 'x' is not a Kubernetes quantity",
      "DP_POD_SECURITY_VERSION|1.30|DP_POD_SECURITY_VERSION: '1.30' is not 'latest' or 'v1.<minor>'",
      "DP_TMP_SIZE_LIMIT|lots|DP_TMP_SIZE_LIMIT: 'lots' is not a Kubernetes quantity",
      "DP_FIELD_MANAGER|deploy mcp|DP_FIELD_MANAGER: 'deploy mcp' is not a field manager name",
      "DP_ROLLOUT_TIMEOUT|soon|DP_ROLLOUT_TIMEOUT: 'soon' is not a duration like 120s or 2m",
      "DP_ROLLOUT_TIMEOUT|0s|DP_ROLLOUT_TIMEOUT: 0s must be more than 0 and at most 4m",
      "DP_ROLLOUT_TIMEOUT|10m|DP_ROLLOUT_TIMEOUT: 10m must be more than 0 and at most 4m",
      "DP_LIMITS_CPU_MAX|many|DP_LIMITS_CPU_MAX: 'many' is not a Kubernetes quantity",
      "DP_LIMITS_MEMORY_MAX|0Gi|DP_LIMITS_MEMORY_MAX: '0Gi' must be positive",
  })
  void eachBadValueIsNamedWithItsVariable(String variable, String value, String problem) {
    assertThat(problems(Map.of(variable, value))).singleElement().asString().startsWith(problem);
  }

  @Test
  void everyBadValueIsReportedAtOnce() {
    List<String> problems = problems(Map.of(
        "DP_QUOTA_PODS", "x", "DP_QUOTA_REQUESTS_MEMORY", "y", "DP_INGRESS_TLS", "z", "DP_APPS_DOMAIN", "A"));

    assertThat(problems).hasSize(4)
        .anyMatch(p -> p.startsWith("DP_QUOTA_PODS:"))
        .anyMatch(p -> p.startsWith("DP_QUOTA_REQUESTS_MEMORY:"))
        .anyMatch(p -> p.startsWith("DP_INGRESS_TLS:"))
        .anyMatch(p -> p.startsWith("DP_APPS_DOMAIN:"));
    assertThatThrownBy(() -> parse(Map.of("DP_QUOTA_PODS", "x")))
        .hasMessageStartingWith("invalid cluster configuration:\n  - DP_QUOTA_PODS");
  }

  @Test
  void aQuotaThatCannotHoldOnePodOfTheLargestServiceIsRefused() {
    // The seed's quota: requests.memory 4Gi, while the API accepts 8Gi for one service.
    List<String> problems = problems(Map.of(
        "DP_QUOTA_REQUESTS_CPU", "4", "DP_QUOTA_REQUESTS_MEMORY", "4Gi",
        "DP_QUOTA_LIMITS_CPU", "8", "DP_QUOTA_LIMITS_MEMORY", "8Gi"));

    assertThat(problems).containsExactly(
        "DP_QUOTA_REQUESTS_MEMORY: 4Gi cannot hold one pod of the largest service the API accepts"
            + " (DP_LIMITS_CPU_MAX 4, DP_LIMITS_MEMORY_MAX 8Gi), which needs 8Gi; raise it, or lower the"
            + " API's maximum (set the same DP_LIMITS_* on API and worker)");
    assertThat(problems(Map.of("DP_LIMIT_MAX_MEMORY", "4Gi")))
        .singleElement().asString().startsWith("DP_LIMIT_MAX_MEMORY: 4Gi cannot hold one pod");
  }

  @Test
  void theSeedsQuotaWithAMatchingApiMaximumStartsAndWarnsWhereARollingUpdateDoesNotFit() {
    ClusterConfiguration config = parse(Map.of(
        "DP_QUOTA_REQUESTS_CPU", "4", "DP_QUOTA_REQUESTS_MEMORY", "4Gi",
        "DP_QUOTA_LIMITS_CPU", "8", "DP_QUOTA_LIMITS_MEMORY", "8Gi",
        "DP_LIMITS_MEMORY_MAX", "4Gi"));

    assertThat(config.warnings()).containsExactly(
        "DP_QUOTA_REQUESTS_CPU 4 holds one pod of the largest service the API accepts but not the two of"
            + " its rolling update (needs 8): redeploying such a service fails QUOTA_EXCEEDED",
        "DP_QUOTA_REQUESTS_MEMORY 4Gi holds one pod of the largest service the API accepts but not the two"
            + " of its rolling update (needs 8Gi): redeploying such a service fails QUOTA_EXCEEDED");
    assertThat(parse(Map.of("DP_QUOTA_REQUESTS_CPU", "4", "DP_QUOTA_LIMITS_CPU", "4",
        "DP_QUOTA_REQUESTS_MEMORY", "2Gi", "DP_QUOTA_LIMITS_MEMORY", "2Gi",
        "DP_LIMITS_CPU_MAX", "2", "DP_LIMITS_MEMORY_MAX", "1Gi")).warnings()).isEmpty();
  }
}
