package io.deploymcp.worker.cluster;

import io.deploymcp.worker.record.RolloutEvents;
import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.kube.manifest.Labels;
import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.kubestandin.StandInCluster;
import io.deploymcp.store.SecretCipher;
import io.deploymcp.worker.config.SecretKeyHolder;
import io.deploymcp.worker.env.ServiceEnv;
import io.deploymcp.worker.record.DeploymentRecordActivitiesImpl;
import io.deploymcp.worker.support.Fixtures;
import io.deploymcp.worker.support.TestDatabase;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Namespace-level work of one project is serialized across workers by {@link ProjectLocks}
 * (a PostgreSQL advisory lock in the real test database): races of the real cluster activities
 * on the Kubernetes stand-in (fabric8's mock API server with server-side apply and a kubelet
 * stand-in, see kube-standin/). Each side runs on its own activities instance, as two worker
 * replicas would; every round uses a tenant of its own, so a namespace of its own.
 */
class ProjectSerializationStandInTest {
  private static final String KEY = SecretCipher.newBase64Key();
  private static final String IMAGE = "127.0.0.1:5000/dp-t-p/app@sha256:" + "cd".repeat(32);
  private static final int ROUNDS = 16;

  @TempDir static Path tmp;
  private static StandInCluster standIn;
  private static ExecutorService threads;
  private final Fixtures fixtures = new Fixtures();

  @BeforeAll
  static void start() {
    standIn = StandInCluster.start();
    threads = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stop() {
    threads.shutdownNow();
    standIn.close();
  }

  /** A worker replica: its own activities and its own Kubernetes client, the shared database. */
  private static ClusterActivitiesImpl replica() {
    SecretKeyHolder keys = new SecretKeyHolder(KEY);
    return new ClusterActivitiesImpl(
        new Cluster(
            new KubernetesAccess(standIn.kubeconfig().toString(), null, tmp.resolve("no-token")),
            ClusterSettings.defaults("apps.example.test"),
            Duration.ofSeconds(20),
            Duration.ofSeconds(20)),
        new ClusterInputsRepository(TestDatabase.jdbc()),
        new ServiceEnv(TestDatabase.jdbc(), keys),
        new ProjectLocks(TestDatabase.dataSource()),
        new RolloutEvents(TestDatabase.jdbc()));
  }

  private UUID deploying(UUID tenant, UUID service) {
    UUID id = fixtures.deployment(tenant, service, "production", "main");
    TestDatabase.jdbc()
        .sql("update deployments set status = 'deploying', image_ref = :image where id = :id")
        .param("image", IMAGE)
        .param("id", id)
        .update();
    return id;
  }

  private UUID service(UUID tenant) {
    UUID service = fixtures.service(tenant, "https://git.example.com/a.git", "main");
    fixtures.envVar(service, "GREETING", "hello", SecretCipher.fromBase64(KEY), false);
    return service;
  }

  /** Runs both at once (released together, then each after a random 0-15 ms) and waits for both. */
  private static void race(Runnable one, Runnable other) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    List<CompletableFuture<Void>> sides = new ArrayList<>();
    for (Runnable side : List.of(one, other)) {
      sides.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  start.await(10, TimeUnit.SECONDS);
                  Thread.sleep(ThreadLocalRandom.current().nextInt(16));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                side.run();
              },
              threads));
    }
    CompletableFuture.allOf(sides.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
  }

  private static String namespaceOf(KubernetesClient client, String service) {
    return client.apps().deployments().inAnyNamespace().withLabel("app", service).list().getItems().stream()
        .findFirst()
        .map(d -> d.getMetadata().getNamespace())
        .orElseThrow();
  }

  /** Every object of the platform labelled with this service, in any namespace, of every kind. */
  private static List<String> objectsOf(KubernetesClient client, String service) {
    List<String> found = new ArrayList<>();
    for (Class<? extends HasMetadata> kind :
        List.of(Secret.class, Deployment.class, ReplicaSet.class, Service.class, Ingress.class,
            io.fabric8.kubernetes.api.model.batch.v1.CronJob.class, io.fabric8.kubernetes.api.model.Pod.class)) {
      client.resources(kind).inAnyNamespace().withLabel(Labels.SERVICE, service).list().getItems()
          .forEach(o -> found.add(o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()));
    }
    return found;
  }

  @Test
  void standInRemovingAProjectsLastServiceRacingAFirstDeployOfAnotherKeepsTheNewServiceAndItsNamespace()
      throws Exception {
    KubernetesClient client = standIn.client();
    ClusterActivitiesImpl remover = replica();
    ClusterActivitiesImpl deployer = replica();
    for (int round = 0; round < ROUNDS; round++) {
      UUID tenant = fixtures.tenant();
      UUID old = service(tenant);
      UUID oldDeployment = deploying(tenant, old);
      deployer.apply(oldDeployment, IMAGE);
      fixtures.setStatus(oldDeployment, "running");
      String namespace = namespaceOf(client, fixtures.serviceName(old));
      UUID fresh = service(tenant);
      UUID freshDeployment = deploying(tenant, fresh);

      race(() -> remover.removeService(old), () -> deployer.apply(freshDeployment, IMAGE));

      String freshName = fixtures.serviceName(fresh);
      assertThat(client.namespaces().withName(namespace).get()).as("round %d: namespace", round).isNotNull();
      assertThat(objectsOf(client, freshName))
          .as("round %d: the new service's objects", round)
          .contains(
              "Secret " + namespace + "/" + freshName + "-env",
              "Deployment " + namespace + "/" + freshName,
              "Service " + namespace + "/" + freshName,
              "Ingress " + namespace + "/" + freshName);
      assertThat(objectsOf(client, fixtures.serviceName(old))).as("round %d: the removed service", round).isEmpty();

      // And the project's last service going alone takes the namespace with it.
      remover.removeService(fresh);

      assertThat(client.namespaces().withName(namespace).get()).as("round %d: namespace after", round).isNull();
      assertThat(objectsOf(client, freshName)).isEmpty();
    }
  }

  @Test
  void standInDeletingAServiceRacingADeployOfThatServiceLeavesNothing() throws Exception {
    KubernetesClient client = standIn.client();
    ClusterActivitiesImpl deleter = replica();
    ClusterActivitiesImpl deployer = replica();
    DeploymentRecordActivitiesImpl records = new DeploymentRecordActivitiesImpl(TestDatabase.jdbc());
    for (int round = 0; round < ROUNDS / 2 + 2; round++) {
      UUID tenant = fixtures.tenant();
      UUID service = service(tenant);
      String name = fixtures.serviceName(service);
      // Half the rounds redeploy a running service, half race its very first deploy.
      if (round % 2 == 0) {
        UUID first = deploying(tenant, service);
        deployer.apply(first, IMAGE);
        fixtures.setStatus(first, "running");
      }
      UUID deployment = deploying(tenant, service);
      List<String> outcome = new ArrayList<>();

      race(
          // The delete workflow: cancel the active deployments, then remove (their workflows'
          // cancellation is asynchronous, so the apply may still be under way).
          () -> {
            records.cancelActiveDeployments(service);
            deleter.removeService(service);
          },
          () -> {
            String result;
            try {
              deployer.apply(deployment, IMAGE);
              result = "applied";
            } catch (ApplicationFailure failure) {
              result = failure.getType();
            }
            synchronized (outcome) {
              outcome.add(result);
            }
          });

      assertThat(outcome).as("round %d", round).containsAnyOf("applied", ClusterActivitiesImpl.SUPERSEDED);
      assertThat(objectsOf(client, name)).as("round %d: %s", round, outcome).isEmpty();
      assertThat(client.namespaces().list().getItems())
          .as("round %d: no namespace of the tenant is left", round)
          .noneMatch(ns -> tenantLabel(ns).equals(tenantName(tenant)));
    }
  }

  private static String tenantLabel(HasMetadata namespace) {
    var labels = namespace.getMetadata().getLabels();
    return labels == null ? "" : labels.getOrDefault(Labels.TENANT, "");
  }

  private String tenantName(UUID tenant) {
    String name =
        TestDatabase.jdbc().sql("select name from tenants where id = :id").param("id", tenant).query(String.class).single();
    return io.deploymcp.kube.naming.KubeNames.labelValue(name);
  }
}
