package io.deploymcp.kube.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.kube.Specs;
import io.deploymcp.kube.manifest.Labels;
import io.deploymcp.kube.manifest.ServiceManifests;
import io.deploymcp.kube.podsecurity.PodSecurityRestrictedCheck;
import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.kube.spec.ProjectRef;
import io.deploymcp.kube.spec.ServiceDeploymentSpec;
import io.deploymcp.kube.spec.ServiceKind;
import io.deploymcp.kube.access.ClusterComponent;
import io.deploymcp.kubestandin.StandInCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The applier against the Kubernetes stand-in (fabric8's mock API server with server-side
 * apply; no kubelet here, so nothing but the applier writes the objects).
 */
class ClusterApplierStandInTest {

  private static final ClusterSettings SETTINGS = ClusterSettings.defaults("apps.example.com");
  private static final Runnable NO_FENCE = () -> {};

  private static StandInCluster cluster;
  private static KubernetesClient client;
  /** The code under test calls as the worker (recorded for the helm module's RBAC check). */
  private static KubernetesClient worker;
  private final ClusterApplier applier = new ClusterApplier(worker, SETTINGS);

  @BeforeAll
  static void start() {
    cluster = StandInCluster.builder().kubelet(false).start();
    client = cluster.client();
    worker = StandInObjects.patientClient(cluster, ClusterComponent.WORKER);
  }

  @AfterAll
  static void stop() {
    worker.close();
    cluster.close();
  }

  /** Thrown by a test's fence: the deployment was superseded. */
  private static final class Superseded extends RuntimeException {
    Superseded() {
      super("superseded");
    }
  }

  @Test
  void standInApplyCreatesEveryObjectAndTheWorkloadPassesTheRestrictedCheck() {
    ServiceDeploymentSpec spec = Specs.web().project("acme", "create").build();
    ProjectRef project = spec.project();
    String ns = project.namespace();

    ApplyResult result = applier.apply(project, spec, Specs.placeholderEnv(), NO_FENCE);

    assertThat(result.objects()).isEqualTo(10);
    assertThat(result.changed()).isEqualTo(10);
    assertThat(result.applied()).containsExactly(
        "Namespace " + ns, "NetworkPolicy " + ns + "/default-deny",
        "NetworkPolicy " + ns + "/ingress-isolation", "NetworkPolicy " + ns + "/egress-isolation",
        "ResourceQuota " + ns + "/quota", "LimitRange " + ns + "/limits",
        "Secret " + ns + "/cool-api-env", "Deployment " + ns + "/cool-api",
        "Service " + ns + "/cool-api", "Ingress " + ns + "/cool-api");
    assertThat(result.toString()).doesNotContain("placeholder-api-token");

    Namespace namespace = client.namespaces().withName(ns).get();
    assertThat(namespace.getMetadata().getLabels())
        .containsEntry(Labels.PSA_ENFORCE, "restricted")
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGER);
    assertThat(client.network().v1().networkPolicies().inNamespace(ns).list().getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("default-deny", "ingress-isolation", "egress-isolation");
    assertThat(client.resourceQuotas().inNamespace(ns).withName("quota").get()).isNotNull();
    assertThat(client.limitRanges().inNamespace(ns).withName("limits").get()).isNotNull();
    Secret secret = client.secrets().inNamespace(ns).withName("cool-api-env").get();
    assertThat(decode(secret.getData().get("API_TOKEN"))).isEqualTo("placeholder-api-token");

    Deployment stored = client.apps().deployments().inNamespace(ns).withName("cool-api").get();
    Deployment desired = new ServiceManifests(SETTINGS).deployment(spec);
    assertThat(stored.getSpec()).isEqualTo(desired.getSpec());
    assertThat(PodSecurityRestrictedCheck.forCluster(SETTINGS).check(stored)).isEmpty();
    assertThat(stored.getSpec().getTemplate().getSpec().getRuntimeClassName()).isEqualTo("gvisor");
    assertThat(stored.getMetadata().getManagedFields())
        .singleElement()
        .satisfies(f -> {
          assertThat(f.getManager()).isEqualTo(SETTINGS.fieldManager());
          assertThat(f.getOperation()).isEqualTo("Apply");
        });
    assertThat(client.services().inNamespace(ns).withName("cool-api").get().getSpec().getPorts())
        .singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(8080));
    assertThat(client.network().v1().ingresses().inNamespace(ns).withName("cool-api").get()
            .getSpec().getRules().getFirst().getHost())
        .isEqualTo("cool-api.apps.example.com");
    // Every apply request is a server-side apply with our field manager and force.
    assertThat(cluster.requests().stream()
            .filter(r -> "PATCH".equals(r.method()) && r.path().contains("/namespaces/" + ns + "/")))
        .isNotEmpty()
        .allSatisfy(r -> {
          assertThat(r.isApply()).isTrue();
          assertThat(r.path()).contains("fieldManager=deploy-mcp").contains("force=true");
        });
  }

  @Test
  void standInApplyingTheSameSpecTwiceChangesNothing() {
    ServiceDeploymentSpec spec = Specs.web().project("acme", "twice").build();
    applier.apply(spec.project(), spec, Specs.placeholderEnv(), NO_FENCE);
    Map<String, String> before = StandInObjects.resourceVersions(client, spec.project().namespace());

    ApplyResult again = applier.apply(spec.project(), spec, Specs.placeholderEnv(), NO_FENCE);
    // A second worker replica (its own applier, same field manager) converges to the same state.
    ApplyResult otherReplica = new ClusterApplier(worker, SETTINGS)
        .apply(spec.project(), spec, Specs.placeholderEnv(), NO_FENCE);

    assertThat(again.changed()).isZero();
    assertThat(again.objects()).isEqualTo(10);
    assertThat(otherReplica.changed()).isZero();
    assertThat(StandInObjects.resourceVersions(client, spec.project().namespace()))
        .hasSize(10)
        .isEqualTo(before);
  }

  @Test
  void standInApplyAfterACrashBetweenObjectsConverges() {
    ServiceDeploymentSpec spec = Specs.web().project("acme", "crash").build();
    String ns = spec.project().namespace();
    AtomicInteger calls = new AtomicInteger();
    // The worker dies after writing the Secret and the Deployment: the fourth fence (one before
    // the project objects, one per service object) never returns.
    Runnable crashAfterTwo = () -> {
      if (calls.incrementAndGet() > 3) {
        throw new IllegalStateException("worker crashed");
      }
    };

    assertThatThrownBy(() -> applier.apply(spec.project(), spec, Specs.placeholderEnv(), crashAfterTwo))
        .hasMessage("worker crashed");
    assertThat(client.apps().deployments().inNamespace(ns).withName("cool-api").get()).isNotNull();
    assertThat(client.services().inNamespace(ns).withName("cool-api").get()).isNull();
    assertThat(client.network().v1().ingresses().inNamespace(ns).withName("cool-api").get()).isNull();

    ApplyResult retry = applier.apply(spec.project(), spec, Specs.placeholderEnv(), NO_FENCE);

    assertThat(retry.changed()).isEqualTo(2); // the Service and the Ingress
    assertThat(client.services().inNamespace(ns).withName("cool-api").get()).isNotNull();
    assertThat(client.network().v1().ingresses().inNamespace(ns).withName("cool-api").get()).isNotNull();
    assertThat(applier.apply(spec.project(), spec, Specs.placeholderEnv(), NO_FENCE).changed()).isZero();
  }

  @Test
  void standInCrashMidUpdateThenTheNextApplyConvergesToTheNewVersion() {
    ServiceDeploymentSpec v1 = Specs.web().project("acme", "midupdate").build();
    ServiceDeploymentSpec v2 = Specs.web().project("acme", "midupdate")
        .image(StandInObjects.image("v2")).deploymentId("v2-deployment").port(9090).build();
    String ns = v1.project().namespace();
    applier.apply(v1.project(), v1, Specs.placeholderEnv(), NO_FENCE);
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(() -> applier.apply(v2.project(), v2, Specs.placeholderEnv(), () -> {
      if (calls.incrementAndGet() > 3) {
        throw new IllegalStateException("worker crashed");
      }
    })).hasMessage("worker crashed");
    // Half-way: the new Deployment, but the old Service port.
    assertThat(client.services().inNamespace(ns).withName("cool-api").get().getSpec().getPorts().getFirst()
        .getPort()).isEqualTo(8080);

    applier.apply(v2.project(), v2, Specs.placeholderEnv(), NO_FENCE);

    Deployment deployment = client.apps().deployments().inNamespace(ns).withName("cool-api").get();
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
        .isEqualTo(v2.image());
    assertThat(client.services().inNamespace(ns).withName("cool-api").get().getSpec().getPorts().getFirst()
        .getPort()).isEqualTo(9090);
    assertThat(client.network().v1().ingresses().inNamespace(ns).withName("cool-api").get().getSpec()
        .getRules().getFirst().getHttp().getPaths().getFirst().getBackend().getService().getPort()
        .getNumber()).isEqualTo(9090);
  }

  @Test
  void standInFenceThatThrowsStopsEveryFurtherChange() {
    ServiceDeploymentSpec v1 = Specs.web().project("acme", "fence").build();
    ServiceDeploymentSpec v2 = Specs.web().project("acme", "fence")
        .image(StandInObjects.image("fence-v2")).deploymentId("fence-v2").build();
    applier.apply(v1.project(), v1, Specs.placeholderEnv(), NO_FENCE);
    Map<String, String> before = StandInObjects.resourceVersions(client, v1.project().namespace());
    AtomicInteger calls = new AtomicInteger();
    Map<String, String> newEnv = Map.of("API_TOKEN", "placeholder-rotated");

    assertThatThrownBy(() -> applier.apply(v2.project(), v2, newEnv, () -> {
      calls.incrementAndGet();
      throw new Superseded();
    })).isInstanceOf(Superseded.class);

    assertThat(calls).hasValue(1); // checked before the project objects, not again
    assertThat(StandInObjects.resourceVersions(client, v1.project().namespace())).isEqualTo(before);
    assertThat(client.apps().deployments().inNamespace(v1.project().namespace()).withName("cool-api").get()
        .getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo(v1.image());
  }

  @Test
  void standInACancelledDeploymentDoesNotRecreateTheNamespaceItsServicesDeleteRemoved() {
    ServiceDeploymentSpec spec = Specs.web().project("acme", "cancelled").build();
    String ns = spec.project().namespace();
    applier.apply(spec.project(), spec, Specs.placeholderEnv(), NO_FENCE);
    applier.remove(spec.project(), spec.service(), java.time.Duration.ofSeconds(20));
    assertThat(client.namespaces().withName(ns).get()).isNull();

    // A retry of the cancelled deployment's apply, after the delete removed everything.
    assertThatThrownBy(() -> applier.apply(spec.project(), spec, Specs.placeholderEnv(), () -> {
      throw new Superseded();
    })).isInstanceOf(Superseded.class);

    assertThat(client.namespaces().withName(ns).get()).isNull();
    assertThat(StandInObjects.resourceVersions(client, ns)).isEmpty();
  }

  @Test
  void standInKindChangeDeletesTheObsoleteObjects() {
    Specs base = Specs.web().project("acme", "kinds");
    String ns = base.build().project().namespace();
    ServiceDeploymentSpec web = base.build();
    applier.apply(web.project(), web, Map.of(), NO_FENCE);
    assertThat(kindsOf(ns)).containsExactly("Deployment", "Ingress", "Service");

    ServiceDeploymentSpec worker = Specs.web().project("acme", "kinds").kind(ServiceKind.WORKER).build();
    ApplyResult toWorker = applier.apply(worker.project(), worker, Map.of(), NO_FENCE);
    assertThat(kindsOf(ns)).containsExactly("Deployment");
    assertThat(toWorker.applied()).noneMatch(a -> a.startsWith("Service ") || a.startsWith("Ingress "));

    ServiceDeploymentSpec cron = Specs.web().project("acme", "kinds").kind(ServiceKind.CRON)
        .schedule("*/5 * * * *").healthCheckPath(null).build();
    applier.apply(cron.project(), cron, Map.of(), NO_FENCE);
    assertThat(kindsOf(ns)).containsExactly("CronJob");

    applier.apply(web.project(), web, Map.of(), NO_FENCE);
    assertThat(kindsOf(ns)).containsExactly("Deployment", "Ingress", "Service");
    assertThat(applier.apply(web.project(), web, Map.of(), NO_FENCE).changed()).isZero();
  }

  @Test
  void standInObsoleteNameThatIsNotOursIsLeftAlone() {
    ServiceDeploymentSpec worker = Specs.worker().project("acme", "foreign").service("cool-api").build();
    String ns = worker.project().namespace();
    applier.apply(worker.project(), worker, Map.of(), NO_FENCE);
    client.services().inNamespace(ns).resource(new ServiceBuilder()
        .withNewMetadata().withName("cool-api").addToLabels("owner", "someone-else").endMetadata()
        .withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();

    applier.apply(worker.project(), worker, Map.of(), NO_FENCE);

    assertThat(client.services().inNamespace(ns).withName("cool-api").get()).isNotNull();
  }

  @Test
  void standInEnvChangeRewritesOnlyTheSecretAndDropsRemovedKeys() {
    ServiceDeploymentSpec spec = Specs.web().project("acme", "env").build();
    String ns = spec.project().namespace();
    applier.apply(spec.project(), spec, Map.of("A", "placeholder-a", "B", "placeholder-b"), NO_FENCE);

    ApplyResult result = applier.apply(spec.project(), spec, Map.of("A", "placeholder-a2"), NO_FENCE);

    assertThat(result.changed()).isEqualTo(1);
    Secret secret = client.secrets().inNamespace(ns).withName("cool-api-env").get();
    assertThat(secret.getData()).containsOnlyKeys("A");
    assertThat(decode(secret.getData().get("A"))).isEqualTo("placeholder-a2");
  }

  @Test
  void standInPreviewAndProductionLiveSideBySide() {
    ServiceDeploymentSpec production = Specs.web().project("acme", "envs").build();
    ServiceDeploymentSpec preview = Specs.web().project("acme", "envs").preview()
        .image(StandInObjects.image("preview")).deploymentId("preview-1").build();
    String ns = production.project().namespace();

    applier.apply(production.project(), production, Map.of(), NO_FENCE);
    ApplyResult previewResult = applier.apply(preview.project(), preview, Map.of(), NO_FENCE);

    assertThat(previewResult.changed()).isEqualTo(4); // project objects unchanged
    assertThat(StandInObjects.ofService(client, Deployment.class, ns, "cool-api"))
        .containsExactly("cool-api", "preview-cool-api");
    assertThat(client.network().v1().ingresses().inNamespace(ns).withName("preview-cool-api").get()
        .getSpec().getRules().getFirst().getHost()).isEqualTo("preview-cool-api.apps.example.com");
    assertThat(client.apps().deployments().inNamespace(ns).withName("cool-api").get().getSpec()
        .getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo(production.image());
  }

  @Test
  void standInRefusedSecretKeepsTheServerMessageOutOfTheError() {
    ServiceDeploymentSpec spec = Specs.web().project("acme", "refused").build();
    String ns = spec.project().namespace();
    cluster.mockServer().expect().patch()
        .withPath("/api/v1/namespaces/" + ns + "/secrets/cool-api-env?fieldManager=deploy-mcp&force=true")
        .andReturn(422, new StatusBuilder().withStatus("Failure").withCode(422).withReason("Invalid")
            .withMessage("Secret \"cool-api-env\" is invalid: data[API_TOKEN]: placeholder-api-token").build())
        .once();

    assertThatThrownBy(() -> applier.apply(spec.project(), spec, Specs.placeholderEnv(), NO_FENCE))
        .isInstanceOfSatisfying(ApplyFailedException.class, e -> {
          assertThat(e.object()).isEqualTo("Secret " + ns + "/cool-api-env");
          assertThat(e.code()).isEqualTo(422);
          assertThat(e.retryable()).isFalse();
          assertThat(e.getCause()).isNull();
          assertThat(e.getMessage()).contains("HTTP 422").doesNotContain("placeholder");
        });
    assertThat(client.apps().deployments().inNamespace(ns).withName("cool-api").get()).isNull();
  }

  @Test
  void standInApplyRefusesASpecOfAnotherProject() {
    ServiceDeploymentSpec spec = Specs.web().project("acme", "one").build();

    assertThatThrownBy(() -> applier.apply(new ProjectRef("acme", "two"), spec, Map.of(), NO_FENCE))
        .hasMessageContaining("dp-acme-one").hasMessageContaining("dp-acme-two");
    assertThat(client.namespaces().withName("dp-acme-two").get()).isNull();
    assertThat(client.namespaces().withName("dp-acme-one").get()).isNull();
  }

  private static List<String> kindsOf(String ns) {
    List<Class<? extends HasMetadata>> kinds =
        List.of(Deployment.class, CronJob.class, Service.class, Ingress.class);
    return kinds.stream()
        .flatMap(k -> client.resources(k).inNamespace(ns).list().getItems().stream())
        .map(HasMetadata::getKind)
        .sorted()
        .toList();
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
