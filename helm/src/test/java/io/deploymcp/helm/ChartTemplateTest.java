package io.deploymcp.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code helm template} with the defaults and with ci/production-values.yaml, read as objects. */
class ChartTemplateTest {
  /** Variables whose values are credentials: each must come from a Secret, never a literal. */
  private static final Set<String> SECRET_VARIABLES = Set.of("DP_DATABASE_URL", "DP_DATABASE_USER",
      "DP_DATABASE_PASSWORD", "DP_SECRET_KEY", "DP_BOOTSTRAP_API_KEY", "DP_OPERATOR_TOKEN", "TEMPORAL_API_KEY",
      "GITHUB_APP_PRIVATE_KEY", "GITHUB_WEBHOOK_SECRET", "REGISTRY_USERNAME", "REGISTRY_PASSWORD");

  private final Chart.Rendered defaults = Chart.deployMcp().render();
  private final Chart.Rendered production = Chart.deployMcp().production().render();

  @Test
  void defaultsRenderTheWholePlatformAndNoSecret() {
    assertThat(defaults.names()).containsExactlyInAnyOrder(
        "ConfigMap/deploy-mcp-config", "ConfigMap/deploy-mcp-api", "ConfigMap/deploy-mcp-worker",
        "ConfigMap/deploy-mcp-worker-cluster",
        "ServiceAccount/deploy-mcp-api", "ServiceAccount/deploy-mcp-worker",
        "ClusterRole/deploy-mcp-api", "ClusterRoleBinding/deploy-mcp-api",
        "ClusterRole/deploy-mcp-worker", "ClusterRoleBinding/deploy-mcp-worker",
        "Deployment/deploy-mcp-api", "Service/deploy-mcp-api", "Ingress/deploy-mcp-api",
        "PodDisruptionBudget/deploy-mcp-api", "Deployment/deploy-mcp-worker");
    assertThat(production.all(Secret.class)).isEmpty();
  }

  @Test
  void theApiRunsTwoReadOnlyReplicasSpreadOverNodesWithHealthProbes() {
    Deployment api = defaults.get(Deployment.class, "deploy-mcp-api");
    PodSpec pod = api.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().getFirst();

    assertThat(api.getSpec().getReplicas()).isEqualTo(2);
    assertThat(api.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/name", "deploy-mcp")
        .containsEntry("app.kubernetes.io/component", "api")
        .containsEntry("app.kubernetes.io/part-of", "deploy-mcp");
    assertThat(container.getImage()).isEqualTo("registry.internal:5000/deploy-mcp/api:0.1.0");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    assertThat(container.getPorts().getFirst().getContainerPort()).isEqualTo(8080);
    assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(1000L);
    assertThat(emptyDirMountedAt(pod, container, "/tmp")).isTrue();
    assertThat(pod.getServiceAccountName()).isEqualTo("deploy-mcp-api");
    assertThat(pod.getNodeSelector()).containsEntry("pool", "ctrl");
    assertThat(pod.getTopologySpreadConstraints()).singleElement().satisfies(spread -> {
      assertThat(spread.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
      assertThat(spread.getLabelSelector().getMatchLabels()).isEqualTo(api.getSpec().getSelector().getMatchLabels());
    });
    assertThat(api.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
    PodDisruptionBudget pdb = defaults.get(PodDisruptionBudget.class, "deploy-mcp-api");
    assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(api.getSpec().getSelector().getMatchLabels());
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(configMap(defaults, "deploy-mcp-api")).containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0");
  }

  @Test
  void theApiServiceAndIngressServeApiAndMcpHostsWithTheDefaultTlsStore() {
    Service service = production.get(Service.class, "deploy-mcp-api");
    Ingress ingress = production.get(Ingress.class, "deploy-mcp-api");

    assertThat(service.getSpec().getSelector())
        .isEqualTo(production.get(Deployment.class, "deploy-mcp-api").getSpec().getSelector().getMatchLabels());
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("traefik");
    assertThat(ingress.getSpec().getRules()).extracting(r -> r.getHost())
        .containsExactly("api.breacher.org", "mcp.breacher.org");
    assertThat(ingress.getSpec().getRules()).allSatisfy(rule ->
        assertThat(rule.getHttp().getPaths().getFirst().getBackend().getService().getName()).isEqualTo("deploy-mcp-api"));
    assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
      assertThat(tls.getHosts()).containsExactly("api.breacher.org", "mcp.breacher.org");
      assertThat(tls.getSecretName()).as("no secret: Traefik's default TLSStore").isNull();
    });
    assertThat(ingress.getMetadata().getAnnotations())
        .containsEntry("traefik.ingress.kubernetes.io/router.entrypoints", "websecure");
  }

  @Test
  void theWorkerRunsOnTheCtrlPoolWithItsPodNameAsHostIdAndAWorkspaceOnAnEmptyDir() {
    Deployment worker = defaults.get(Deployment.class, "deploy-mcp-worker");
    PodSpec pod = worker.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().getFirst();

    assertThat(pod.getNodeSelector()).containsEntry("pool", "ctrl");
    assertThat(pod.getServiceAccountName()).isEqualTo("deploy-mcp-worker");
    assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(120L);
    assertThat(container.getImage()).isEqualTo("registry.internal:5000/deploy-mcp/worker:0.1.0");
    assertThat(env(container, "DP_WORKER_HOST_ID").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    assertThat(container.getEnvFrom()).extracting(e -> e.getConfigMapRef().getName())
        .containsExactly("deploy-mcp-config", "deploy-mcp-worker", "deploy-mcp-worker-cluster");
    assertThat(configMap(defaults, "deploy-mcp-worker")).containsEntry("DP_WORKSPACE_DIR", "/workspaces");
    assertThat(configMap(defaults, "deploy-mcp-worker")).containsEntry("DP_WORKER_SHUTDOWN_TIMEOUT", "240s");
    assertThat(configMap(Chart.deployMcp().set("worker.shutdownTimeout", "4m").render(), "deploy-mcp-worker"))
        .containsEntry("DP_WORKER_SHUTDOWN_TIMEOUT", "4m");
    assertThat(emptyDirMountedAt(pod, container, "/workspaces")).isTrue();
    assertThat(emptyDirMountedAt(pod, container, "/tmp")).isTrue();
    assertThat(container.getPorts()).as("the worker serves only its metrics").extracting(p -> p.getName()).containsExactly("metrics");
    assertThat(container.getReadinessProbe()).isNull();
    assertThat(configMap(defaults, "deploy-mcp-worker-cluster"))
        .containsEntry("DP_RUNTIME_CLASS", "gvisor").containsEntry("DP_INGRESS_CLASS", "traefik");
  }

  @Test
  void theDefaultsFollowTheSharedNamesOfDpSystem() {
    Map<String, String> shared = configMap(defaults, "deploy-mcp-config");

    assertThat(shared).containsEntry("BUILDKIT_HOST", "tcp://buildkitd.dp-system:1234")
        .containsEntry("REGISTRY_HOST", "10.0.1.10:5000")
        .containsEntry("REGISTRY_PULL_HOST", "registry.internal:5000")
        .containsEntry("LOKI_URL", "http://loki.dp-system:3100")
        .containsEntry("DP_TASK_QUEUE", "deploy-mcp");
    assertThat(configMap(defaults, "deploy-mcp-worker-cluster"))
        .containsEntry("DP_TRAEFIK_POD_LABELS", "app.kubernetes.io/name=traefik");
  }

  @Test
  void theApiReadsLokiAndPrometheusAtTheServicesOfInfraAndTheWorkerShipsToLoki() {
    // The API and the worker read deploy-mcp-config; only the API reads deploy-mcp-api.
    assertThat(configMapsOf(defaults, "deploy-mcp-api")).containsExactly("deploy-mcp-config", "deploy-mcp-api");
    assertThat(configMapsOf(defaults, "deploy-mcp-worker")).startsWith("deploy-mcp-config").doesNotContain("deploy-mcp-api");
    // infra/values/loki.yml: release loki in dp-system; kube-prometheus-stack as release prometheus
    // in dp-system (infra/install.sh), whose Service is <release>-kube-prometheus-prometheus.
    assertThat(configMap(defaults, "deploy-mcp-config")).containsEntry("LOKI_URL", "http://loki.dp-system:3100")
        .doesNotContainKeys("LOKI_PUSH_URL", "PROMETHEUS_URL");
    assertThat(configMap(defaults, "deploy-mcp-api"))
        .containsEntry("PROMETHEUS_URL", "http://prometheus-kube-prometheus-prometheus.dp-system:9090")
        .doesNotContainKeys("DP_PROMETHEUS_TIMEOUT", "DP_LOKI_TIMEOUT", "LOKI_URL");
    assertThat(configMap(defaults, "deploy-mcp-worker")).doesNotContainKeys("DP_LOKI_QUEUE_BYTES", "PROMETHEUS_URL");

    Chart.Rendered tuned = Chart.deployMcp().set("loki.pushUrl", "https://logs.example.org/loki/api/v1/push")
        .set("loki.timeout", "20s").set("loki.queueBytes", "1048576").set("prometheus.timeout", "2s").render();
    assertThat(configMap(tuned, "deploy-mcp-config")).containsEntry("LOKI_URL", "http://loki.dp-system:3100")
        .containsEntry("LOKI_PUSH_URL", "https://logs.example.org/loki/api/v1/push");
    assertThat(configMap(tuned, "deploy-mcp-api")).containsEntry("DP_LOKI_TIMEOUT", "20s")
        .containsEntry("DP_PROMETHEUS_TIMEOUT", "2s");
    assertThat(configMap(tuned, "deploy-mcp-worker")).containsEntry("DP_LOKI_QUEUE_BYTES", "1048576");
  }

  @Test
  void emptyLokiAndPrometheusUrlsLeaveTheirVariablesUnset() {
    Chart.Rendered none = Chart.deployMcp().set("loki.url", "").set("prometheus.url", "").render();

    for (String name : List.of("deploy-mcp-config", "deploy-mcp-api", "deploy-mcp-worker", "deploy-mcp-worker-cluster")) {
      assertThat(configMap(none, name)).as(name)
          .doesNotContainKeys("LOKI_URL", "LOKI_PUSH_URL", "PROMETHEUS_URL");
    }
    for (String deployment : List.of("deploy-mcp-api", "deploy-mcp-worker")) {
      assertThat(container(none, deployment).getEnv()).extracting(EnvVar::getName)
          .doesNotContain("LOKI_URL", "LOKI_PUSH_URL", "PROMETHEUS_URL");
    }
    Chart.Rendered pushOnly = Chart.deployMcp().set("loki.url", "")
        .set("loki.pushUrl", "http://loki.dp-system:3100/loki/api/v1/push").render();
    assertThat(configMap(pushOnly, "deploy-mcp-config")).doesNotContainKey("LOKI_URL")
        .containsEntry("LOKI_PUSH_URL", "http://loki.dp-system:3100/loki/api/v1/push");
  }

  @Test
  void everyCredentialComesFromASecretReference() {
    for (Chart.Rendered rendered : List.of(defaults, production)) {
      for (Deployment deployment : rendered.all(Deployment.class)) {
        for (EnvVar var : deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv()) {
          if (SECRET_VARIABLES.contains(var.getName())) {
            assertThat(var.getValue()).as("%s of %s", var.getName(), deployment.getMetadata().getName()).isNull();
            assertThat(var.getValueFrom().getSecretKeyRef()).as(var.getName()).isNotNull();
          }
        }
      }
      for (ConfigMap map : rendered.all(ConfigMap.class)) {
        assertThat(map.getData().keySet()).as("ConfigMap %s", map.getMetadata().getName())
            .doesNotContainAnyElementsOf(SECRET_VARIABLES);
      }
    }
    Container worker = container(production, "deploy-mcp-worker");
    assertThat(secretRefs(worker)).containsEntry("DP_DATABASE_PASSWORD", "deploy-mcp-database/password")
        .containsEntry("DP_SECRET_KEY", "deploy-mcp-secret-key/secret-key")
        .containsEntry("GITHUB_APP_PRIVATE_KEY", "github-app/private-key")
        .containsEntry("REGISTRY_PASSWORD", "registry-credentials/password")
        .doesNotContainKey("DP_BOOTSTRAP_API_KEY");
    assertThat(secretRefs(container(production, "deploy-mcp-api")))
        .containsEntry("DP_BOOTSTRAP_API_KEY", "deploy-mcp-bootstrap-key/api-key")
        .containsEntry("GITHUB_WEBHOOK_SECRET", "github-app/webhook-secret")
        .doesNotContainKey("GITHUB_APP_PRIVATE_KEY");
  }

  @Test
  void temporalClientCertificatesAreMountedFilesOfTheirSecret() {
    for (String name : List.of("deploy-mcp-api", "deploy-mcp-worker")) {
      Deployment deployment = production.get(Deployment.class, name);
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      Container container = pod.getContainers().getFirst();

      assertThat(env(container, "TEMPORAL_TLS_CERT").getValue()).isEqualTo("/etc/deploy-mcp/temporal-tls/tls.crt");
      assertThat(env(container, "TEMPORAL_TLS_KEY").getValue()).isEqualTo("/etc/deploy-mcp/temporal-tls/tls.key");
      assertThat(env(container, "TEMPORAL_TLS_CA").getValue()).isEqualTo("/etc/deploy-mcp/temporal-tls/ca.crt");
      assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("temporal-tls")).singleElement()
          .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("temporal-client-tls"));
      assertThat(container.getVolumeMounts()).anySatisfy(m -> {
        assertThat(m.getMountPath()).isEqualTo("/etc/deploy-mcp/temporal-tls");
        assertThat(m.getReadOnly()).isTrue();
      });
    }
    assertThat(configMap(production, "deploy-mcp-config"))
        .containsEntry("TEMPORAL_ADDRESS", "deploy-mcp.a1b2c.tmprl.cloud:7233");
    assertThat(container(defaults, "deploy-mcp-api").getEnv()).extracting(EnvVar::getName)
        .doesNotContain("TEMPORAL_TLS_CERT", "TEMPORAL_API_KEY");
  }

  @Test
  void productionValuesAddTheNetworkPoliciesAndTheServiceMonitor() {
    assertThat(defaults.all(NetworkPolicy.class)).isEmpty();
    assertThat(production.all(NetworkPolicy.class)).extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("deploy-mcp-api", "deploy-mcp-worker");
    GenericKubernetesResource monitor = production.all(GenericKubernetesResource.class).stream()
        .filter(r -> r.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(monitor.<String>get("spec", "endpoints", 0, "path")).isEqualTo("/q/metrics");
    assertThat(monitor.<String>get("spec", "endpoints", 0, "port")).isEqualTo("http");
    assertThat(monitor.<Map<String, Object>>get("spec", "endpoints", 0, "relabelings", 0))
        .as("job deploy-mcp-api, which the dashboards and alert rules select by")
        .containsEntry("targetLabel", "job").containsEntry("replacement", "deploy-mcp-api");

    GenericKubernetesResource workerMonitor = production.all(GenericKubernetesResource.class).stream()
        .filter(r -> r.getKind().equals("PodMonitor")).findFirst().orElseThrow();
    assertThat(workerMonitor.getMetadata().getName()).isEqualTo("deploy-mcp-worker");
    assertThat(workerMonitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(workerMonitor.<Map<String, String>>get("spec", "selector", "matchLabels"))
        .isEqualTo(production.get(Deployment.class, "deploy-mcp-worker").getSpec().getSelector().getMatchLabels());
    assertThat(workerMonitor.<String>get("spec", "podMetricsEndpoints", 0, "port")).isEqualTo("metrics");
    assertThat(workerMonitor.<String>get("spec", "podMetricsEndpoints", 0, "path")).isEqualTo("/metrics");
    assertThat(workerMonitor.<Map<String, Object>>get("spec", "podMetricsEndpoints", 0, "relabelings", 0))
        .containsEntry("targetLabel", "job").containsEntry("replacement", "deploy-mcp-worker");
    assertThat(defaults.all(GenericKubernetesResource.class)).isEmpty();
  }

  @Test
  void theWorkerServesItsMetricsOnAllAddressesOfThePodOnPortMetrics() {
    Container worker = container(defaults, "deploy-mcp-worker");
    assertThat(worker.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("metrics");
      assertThat(p.getContainerPort()).isEqualTo(9464);
    });
    assertThat(configMap(defaults, "deploy-mcp-worker"))
        .containsEntry("DP_WORKER_METRICS_PORT", "9464").containsEntry("DP_WORKER_METRICS_ADDRESS", "0.0.0.0");

    Chart.Rendered moved = Chart.deployMcp().set("worker.metricsPort", "9100").render();
    assertThat(container(moved, "deploy-mcp-worker").getPorts().getFirst().getContainerPort()).isEqualTo(9100);
    assertThat(configMap(moved, "deploy-mcp-worker")).containsEntry("DP_WORKER_METRICS_PORT", "9100");
  }

  @Test
  void theApiGetsTheOperatorTokenFromItsSecretOnlyWhenOneIsNamed() {
    assertThat(container(defaults, "deploy-mcp-api").getEnv()).extracting(EnvVar::getName)
        .doesNotContain("DP_OPERATOR_TOKEN");

    EnvVar token = env(container(production, "deploy-mcp-api"), "DP_OPERATOR_TOKEN");
    assertThat(token.getValue()).isNull();
    assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("deploy-mcp-operator-token");
    assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
    assertThat(token.getValueFrom().getSecretKeyRef().getOptional()).as("a named Secret must exist").isNull();
    assertThat(secretRefs(container(production, "deploy-mcp-worker"))).doesNotContainKey("DP_OPERATOR_TOKEN");

    Chart.Rendered otherKey = Chart.deployMcp().set("operator.existingSecret", "ops").set("operator.key", "gc-token")
        .set("operator.registryGcLease", "45m").render();
    assertThat(secretRefs(container(otherKey, "deploy-mcp-api"))).containsEntry("DP_OPERATOR_TOKEN", "ops/gc-token");
    assertThat(configMap(defaults, "deploy-mcp-api")).containsEntry("DP_REGISTRY_GC_LEASE", "30m");
    assertThat(configMap(otherKey, "deploy-mcp-api")).containsEntry("DP_REGISTRY_GC_LEASE", "45m");
  }

  @Test
  void aChangedSettingRollsThePods() {
    Chart.Rendered changed = Chart.deployMcp().set("worker.cluster.rolloutTimeout", "90s").render();

    Map<String, String> before = defaults.get(Deployment.class, "deploy-mcp-worker").getSpec().getTemplate().getMetadata().getAnnotations();
    Map<String, String> after = changed.get(Deployment.class, "deploy-mcp-worker").getSpec().getTemplate().getMetadata().getAnnotations();
    assertThat(after.get("checksum/worker-cluster")).isNotEqualTo(before.get("checksum/worker-cluster"));
    assertThat(after.get("checksum/config")).isEqualTo(before.get("checksum/config"));
  }

  static Container container(Chart.Rendered rendered, String deployment) {
    return rendered.get(Deployment.class, deployment).getSpec().getTemplate().getSpec().getContainers().getFirst();
  }

  private static List<String> configMapsOf(Chart.Rendered rendered, String deployment) {
    return container(rendered, deployment).getEnvFrom().stream().filter(e -> e.getConfigMapRef() != null)
        .map(e -> e.getConfigMapRef().getName()).toList();
  }

  private static Map<String, String> configMap(Chart.Rendered rendered, String name) {
    return rendered.get(ConfigMap.class, name).getData();
  }

  private static EnvVar env(Container container, String name) {
    return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(name + " is not in the env of " + container.getName()));
  }

  private static Map<String, String> secretRefs(Container container) {
    return container.getEnv().stream()
        .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
        .collect(Collectors.toMap(EnvVar::getName,
            e -> e.getValueFrom().getSecretKeyRef().getName() + "/" + e.getValueFrom().getSecretKeyRef().getKey()));
  }

  private static boolean emptyDirMountedAt(PodSpec pod, Container container, String path) {
    return container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).anyMatch(m ->
        pod.getVolumes().stream().filter(v -> v.getName().equals(m.getName())).map(Volume::getEmptyDir)
            .anyMatch(e -> e != null && e.getSizeLimit() != null));
  }
}
