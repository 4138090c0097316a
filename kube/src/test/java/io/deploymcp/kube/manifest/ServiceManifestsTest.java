package io.deploymcp.kube.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.kube.InvalidKubeInputException;
import io.deploymcp.kube.Specs;
import io.deploymcp.kube.naming.DnsNames;
import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.kube.spec.ServiceDeploymentSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceManifestsTest {
  private static final ClusterSettings SETTINGS = ClusterSettings.defaults("apps.example.com");
  private static final ServiceManifests MANIFESTS = new ServiceManifests(SETTINGS);

  @Test
  void webGetsSecretDeploymentServiceAndIngressInApplyOrder() {
    ServiceObjects objects = MANIFESTS.desired(Specs.web().build(), Specs.placeholderEnv());

    assertThat(objects.all()).extracting(HasMetadata::getKind).containsExactly("Secret", "Deployment", "Service", "Ingress");
    assertThat(objects.obsolete()).extracting(ObjectKey::kind).containsExactly("CronJob");
  }

  @Test
  void workerGetsNoServiceAndNoIngress() {
    ServiceObjects objects = MANIFESTS.desired(Specs.worker().build(), Map.of());

    assertThat(objects.all()).extracting(HasMetadata::getKind).containsExactly("Secret", "Deployment");
    assertThat(objects.obsolete())
        .extracting(key -> key.kind() + "/" + key.name())
        .containsExactly("CronJob/queue-worker", "Service/queue-worker", "Ingress/queue-worker");
  }

  @Test
  void cronGetsACronJobOnItsSchedule() {
    ServiceObjects objects = MANIFESTS.desired(Specs.cron().schedule("*/5 * * * *").build(), Map.of());

    assertThat(objects.all()).extracting(HasMetadata::getKind).containsExactly("Secret", "CronJob");
    assertThat(objects.cronJob()).hasValueSatisfying(c -> assertThat(c.getSpec().getSchedule()).isEqualTo("*/5 * * * *"));
    assertThat(objects.deployment()).isEmpty();
    assertThat(objects.obsolete()).extracting(ObjectKey::kind).containsExactly("Deployment", "Service", "Ingress");
    assertThatThrownBy(() -> MANIFESTS.deployment(Specs.cron().build())).isInstanceOf(InvalidKubeInputException.class);
    assertThatThrownBy(() -> MANIFESTS.ingress(Specs.worker().build())).isInstanceOf(InvalidKubeInputException.class);
  }

  @Test
  void deploymentRunsTheImageByDigestInTheSandbox() {
    Deployment deployment = MANIFESTS.deployment(Specs.web().build());
    var pod = deployment.getSpec().getTemplate().getSpec();

    assertThat(app(deployment).getImage()).isEqualTo(Specs.IMAGE).contains("@sha256:");
    assertThat(pod.getRuntimeClassName()).isEqualTo("gvisor");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
  }

  @Test
  void resourcesComeFromTheServiceWithRequestsEqualToLimits() {
    Container app = app(MANIFESTS.deployment(Specs.web().cpuMillis(1500).memoryMib(2048).build()));

    assertThat(app.getResources().getRequests()).isEqualTo(app.getResources().getLimits());
    assertThat(app.getResources().getLimits().get("cpu").toString()).isEqualTo("1500m");
    assertThat(app.getResources().getLimits().get("memory").toString()).isEqualTo("2Gi");
  }

  @Test
  void probesUseTheHealthPathOrTheTcpPort() {
    Container http = app(MANIFESTS.deployment(Specs.web().healthCheckPath("/up").port(3000).build()));
    Container tcp = app(MANIFESTS.deployment(Specs.web().healthCheckPath(null).port(3000).build()));
    Container worker = app(MANIFESTS.deployment(Specs.worker().build()));

    assertThat(http.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/up");
    assertThat(http.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(3000);
    assertThat(tcp.getReadinessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(3000);
    assertThat(tcp.getReadinessProbe().getHttpGet()).isNull();
    assertThat(worker.getReadinessProbe()).isNull();
    assertThat(worker.getLivenessProbe()).isNull();
    assertThat(worker.getPorts()).isNullOrEmpty();
  }

  @Test
  void portIsAlwaysTheServicePortAndEnvComesFromTheSecret() {
    Container app = app(MANIFESTS.deployment(Specs.web().port(3000).build()));

    assertThat(app.getEnv()).singleElement().satisfies(env -> {
      assertThat(env.getName()).isEqualTo("PORT");
      assertThat(env.getValue()).isEqualTo("3000");
    });
    assertThat(app.getEnvFrom()).singleElement().satisfies(from -> assertThat(from.getSecretRef().getName()).isEqualTo("cool-api-env"));
  }

  @Test
  void podsCarryTheDeploymentIdButTheSelectorDoesNot() {
    Deployment deployment = MANIFESTS.deployment(Specs.web().build());

    assertThat(deployment.getSpec().getSelector().getMatchLabels()).containsExactly(Map.entry("app", "cool-api"));
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("dp.ml.ink/deployment-id", Specs.DEPLOYMENT_ID)
        .containsEntry("app", "cool-api");
    assertThat(deployment.getMetadata().getAnnotations())
        .containsEntry("dp.ml.ink/deployment-id", Specs.DEPLOYMENT_ID)
        .containsEntry("dp.ml.ink/commit", Specs.COMMIT);
  }

  @Test
  void oneSelectorFindsAServicesObjectsInBothEnvironments() {
    String selector = Labels.serviceSelector("cool-api");

    assertThat(selector).isEqualTo("app.kubernetes.io/managed-by=deploy-mcp,dp.ml.ink/service=cool-api");
    for (ServiceDeploymentSpec spec : new ServiceDeploymentSpec[] {Specs.web().build(), Specs.web().preview().build()}) {
      for (HasMetadata object : MANIFESTS.desired(spec, Map.of()).all()) {
        assertThat(object.getMetadata().getLabels())
            .containsEntry("app.kubernetes.io/managed-by", "deploy-mcp")
            .containsEntry("dp.ml.ink/service", "cool-api");
      }
    }
  }

  @Test
  void previewAndProductionSelectDifferentPods() {
    Deployment production = MANIFESTS.deployment(Specs.web().build());
    Deployment preview = MANIFESTS.deployment(Specs.web().preview().build());
    var previewService = MANIFESTS.service(Specs.web().preview().build());

    assertThat(preview.getMetadata().getName()).isEqualTo("preview-cool-api");
    assertThat(preview.getSpec().getSelector().getMatchLabels())
        .isNotEqualTo(production.getSpec().getSelector().getMatchLabels());
    assertThat(previewService.getSpec().getSelector()).isEqualTo(preview.getSpec().getSelector().getMatchLabels());
    assertThat(MANIFESTS.ingress(Specs.web().preview().build()).getSpec().getRules().get(0).getHost())
        .isEqualTo("preview-cool-api.apps.example.com");
  }

  @Test
  void theSameInputGivesEqualObjectsWhateverTheMapOrder() {
    Map<String, String> forwards = new LinkedHashMap<>();
    Map<String, String> backwards = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      forwards.put("KEY_" + i, "value-" + i);
    }
    for (int i = 19; i >= 0; i--) {
      backwards.put("KEY_" + i, "value-" + i);
    }
    ServiceDeploymentSpec spec = Specs.web().build();

    String a = ManifestYaml.dump(MANIFESTS.desired(spec, forwards).all());
    String b = ManifestYaml.dump(new ServiceManifests(ClusterSettings.defaults("apps.example.com")).desired(spec, new HashMap<>(backwards)).all());

    assertThat(a).isEqualTo(b);
    assertThat(MANIFESTS.desired(spec, forwards).all()).isEqualTo(MANIFESTS.desired(spec, backwards).all());
  }

  @Test
  void secretHoldsTheValuesBase64EncodedUnderDataNotStringData() {
    Secret secret = MANIFESTS.envSecret(Specs.web().build(), Map.of("GREETING", "grüß dich", "EMPTY", ""));

    assertThat(secret.getStringData()).isNullOrEmpty();
    assertThat(secret.getData()).containsOnlyKeys("EMPTY", "GREETING");
    assertThat(new String(Base64.getDecoder().decode(secret.getData().get("GREETING")), StandardCharsets.UTF_8)).isEqualTo("grüß dich");
    assertThat(secret.getData().get("EMPTY")).isEmpty();
  }

  @Test
  void badEnvIsRefusedWithoutRepeatingTheValue() {
    assertThatThrownBy(() -> MANIFESTS.envSecret(Specs.web().build(), Map.of("BAD KEY", "s3cr3t-value")))
        .isInstanceOf(InvalidKubeInputException.class)
        .hasMessageContaining("BAD KEY")
        .hasMessageNotContaining("s3cr3t-value");
    assertThatThrownBy(() -> MANIFESTS.envSecret(Specs.web().build(), Map.of("BIG", "x".repeat(1024 * 1024))))
        .isInstanceOf(InvalidKubeInputException.class)
        .hasMessageContaining("1 MiB");
  }

  @Test
  void serviceObjectsDoNotPrintTheirSecret() {
    ServiceObjects objects = MANIFESTS.desired(Specs.web().build(), Map.of("TOKEN", "s3cr3t-value"));

    assertThat(objects.toString()).doesNotContain("s3cr3t").doesNotContain(Base64.getEncoder().encodeToString("s3cr3t-value".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void redactedYamlShowsKeysButNoValues() {
    ServiceObjects objects = MANIFESTS.desired(Specs.web().build(), Map.of("TOKEN", "s3cr3t-value"));
    String encoded = objects.envSecret().getData().get("TOKEN");

    String yaml = ManifestYaml.dump(ManifestYaml.redacted(objects.all()));

    assertThat(yaml).contains("TOKEN: \"<redacted>\"").doesNotContain(encoded);
    // The originals are untouched.
    assertThat(objects.envSecret().getData().get("TOKEN")).isEqualTo(encoded);
  }

  @Test
  void ingressFollowsTheTlsAndClassSettings() {
    var ingress = MANIFESTS.ingress(Specs.web().build());

    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("traefik");
    assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
      assertThat(tls.getHosts()).containsExactly("cool-api.apps.example.com");
      assertThat(tls.getSecretName()).isNull();
    });
  }

  @Test
  void longNamesStillGiveValidObjects() {
    String service = "s" + "-abcdefghi".repeat(6) + "xy";
    for (ServiceDeploymentSpec spec :
        new ServiceDeploymentSpec[] {
          Specs.web().service(service).project("Some Tenant With A Long Name", "and-a-project-name-that-is-30").build(),
          Specs.web().service(service).preview().build(),
          Specs.cron().service(service).preview().build(),
        }) {
      for (HasMetadata object : MANIFESTS.desired(spec, Map.of()).all()) {
        String name = object.getMetadata().getName();
        assertThat(DnsNames.isDns1123Subdomain(name)).as(name).isTrue();
        assertThat(DnsNames.isDns1123Label(object.getMetadata().getNamespace())).isTrue();
        object.getMetadata().getLabels().values().forEach(v -> assertThat(DnsNames.isLabelValue(v)).as(v).isTrue());
        switch (object.getKind()) {
          case "Service", "Ingress" -> assertThat(DnsNames.isDns1035Label(name)).as(name).isTrue();
          case "CronJob" -> assertThat(name).hasSizeLessThanOrEqualTo(52);
          default -> {}
        }
      }
    }
  }

  private static Container app(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }
}
