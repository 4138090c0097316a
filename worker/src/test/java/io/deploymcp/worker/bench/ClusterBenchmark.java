package io.deploymcp.worker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.kube.apply.ClusterApplier;
import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.kube.spec.DeployEnvironment;
import io.deploymcp.kube.spec.ProjectRef;
import io.deploymcp.kube.spec.ServiceDeploymentSpec;
import io.deploymcp.kube.spec.ServiceKind;
import io.deploymcp.kubestandin.StandInCluster;
import io.deploymcp.kubestandin.apiserver.ApiRequest;
import io.deploymcp.store.SecretCipher;
import io.deploymcp.worker.support.Fixtures;
import io.deploymcp.worker.support.TestDatabase;
import io.deploymcp.worker.support.WorkerTestEnvironment;
import io.deploymcp.worker.support.WorkerTestEnvironment.Builds;
import io.deploymcp.workflows.DeploymentStatus;
import io.deploymcp.workflows.deploy.DeployOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 §6 against the Kubernetes stand-in (bench/cluster.sh; figures in docs/benchmarks.md):
 * server-side apply of a full web service (project and service objects) p50/p99, the API calls
 * one deploy makes, and a rollback end to end — the deploy of an earlier image, as the API starts
 * it — until the deployment is running, p50/p99. Off in the normal test run.
 */
@EnabledIfSystemProperty(named = "dp.bench", matches = "true")
class ClusterBenchmark {
  private static final int ROUNDS = Integer.getInteger("dp.bench.rounds", 20);
  private static final Random RANDOM = new Random(42);

  @TempDir Path tmp;
  private final Fixtures fixtures = new Fixtures();

  private static String image() {
    byte[] digest = new byte[32];
    RANDOM.nextBytes(digest);
    return "127.0.0.1:5000/dp-bench/app@sha256:" + HexFormat.of().formatHex(digest);
  }

  private static ServiceDeploymentSpec spec(String image) {
    return new ServiceDeploymentSpec(
        new ProjectRef("bench", "default"), "app", ServiceKind.WEB, null, 8080, 250, 256, "/health",
        DeployEnvironment.PRODUCTION, image, UUID.randomUUID().toString(), "3f786850e387550fdab836ed7e6dc881de23001b");
  }

  @Test
  @org.junit.jupiter.api.Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
  void applyRollbackAndApiCalls() throws Exception {
    StringBuilder out = new StringBuilder("| measure | p50 | p99 | n |\n|---|---|---|---|\n");
    try (StandInCluster standIn = StandInCluster.start()) {
      ClusterApplier applier = new ClusterApplier(standIn.client(), ClusterSettings.defaults("apps.example.test"));
      List<Long> changed = new ArrayList<>();
      List<Long> unchanged = new ArrayList<>();
      for (int i = 0; i < ROUNDS + 5; i++) {
        ServiceDeploymentSpec spec = spec(image());
        long start = System.nanoTime();
        applier.apply(spec.project(), spec, Map.of("DATABASE_URL", "postgres://db/app"), () -> {});
        long applied = System.nanoTime() - start;
        start = System.nanoTime();
        applier.apply(spec.project(), spec, Map.of("DATABASE_URL", "postgres://db/app"), () -> {});
        long again = System.nanoTime() - start;
        if (i >= 5) { // warm-up
          changed.add(applied);
          unchanged.add(again);
        }
      }
      out.append(row("apply of a full web service, new image (ms)", changed));
      out.append(row("apply of the same spec again, no change (ms)", unchanged));

    }
    // Rollbacks in batches of 4, each on a fresh stand-in and service, so every sample rolls back
    // over the same short history. (Batches were first needed because fabric8's mock server
    // froze for 30 s when a watch closed; kube-standin's own watches fixed that.)
    List<Long> rollbacks = new ArrayList<>();
    long calls = 0;
    for (int batch = 0; batch < Math.max(1, ROUNDS / 4); batch++) {
      try (StandInCluster standIn = StandInCluster.start();
          WorkerTestEnvironment worker =
              new WorkerTestEnvironment(
                  SecretCipher.newBase64Key(), tmp.resolve("t"), Builds.NONE.withKubeconfig(standIn.kubeconfig()))) {
        UUID tenant = fixtures.tenant();
        UUID service = fixtures.service(tenant, "https://git.example.com/a.git", "main");
        String good = image();
        deployImage(worker, tenant, service, good); // the version rolled back to
        for (int i = 0; i < 4; i++) {
          deployImage(worker, tenant, service, image()); // a newer version
          standIn.clearRequests();
          long start = System.nanoTime();
          deployImage(worker, tenant, service, good);
          long took = System.nanoTime() - start;
          calls = standIn.requests().stream()
              .filter(r -> !StandInCluster.KUBELET_USER_AGENT.equals(r.userAgent()))
              .count();
          if (batch > 0 || i > 0) { // the very first is warm-up
            rollbacks.add(took);
          }
          System.out.printf("rollback %d.%d: %d ms, %d API calls%n", batch, i, took / 1_000_000, calls);
        }
      }
    }
    out.append(row("rollback end to end: deploy of an earlier image until running (ms)", rollbacks));
    out.append("| API calls of one deploy of an image (apply + rollout watch, kubelet stand-in excluded) | ")
        .append(calls).append(" | | 1 |\n");
    System.out.println("CLUSTER BENCHMARK\n" + out);
    Path file = Path.of("target", "bench", "cluster.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, out);
  }

  private void deployImage(WorkerTestEnvironment worker, UUID tenant, UUID service, String image) {
    UUID deployment = fixtures.deployment(tenant, service, "production", "main");
    TestDatabase.jdbc().sql("update deployments set image_ref = :i where id = :id").param("i", image).param("id", deployment).update();
    DeployOutcome outcome = worker.deployImage(tenant, service, deployment, image);
    assertThat(outcome.status()).as("%s", outcome).isEqualTo(DeploymentStatus.RUNNING);
  }

  private static String row(String name, List<Long> nanos) {
    List<Long> sorted = nanos.stream().sorted().toList();
    double p50 = sorted.get(sorted.size() / 2) / 1e6;
    double p99 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1e6;
    return String.format("| %s | %.1f | %.1f | %d |%n", name, p50, p99, sorted.size());
  }
}
