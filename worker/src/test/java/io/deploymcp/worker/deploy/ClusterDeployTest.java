package io.deploymcp.worker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.kubestandin.StandInCluster;
import io.deploymcp.store.SecretCipher;
import io.deploymcp.worker.support.EgressRecord;
import io.deploymcp.worker.support.EngineSupport;
import io.deploymcp.worker.support.Fixtures;
import io.deploymcp.worker.support.GitRepos;
import io.deploymcp.worker.support.OutboundConnections;
import io.deploymcp.worker.support.TestDatabase;
import io.deploymcp.worker.support.WorkerTestEnvironment;
import io.deploymcp.worker.support.WorkerTestEnvironment.Builds;
import io.deploymcp.workflows.DeploymentStatus;
import io.deploymcp.workflows.deploy.DeployOutcome;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole deploys from a git repository to a running service: built by the real engine's
 * BuildKit, pushed to the real loopback registry, applied to the Kubernetes stand-in (fabric8's
 * mock API server with server-side apply, plus a kubelet stand-in: see kube-standin/).
 */
class ClusterDeployTest {
  private static final String KEY = SecretCipher.newBase64Key();

  @TempDir Path tmp;
  private final Fixtures fixtures = new Fixtures();
  private final UUID tenant = fixtures.tenant();

  @Test
  void aServiceRunsOnTheStandInClusterAndABrokenVersionFailsWhileTheOldOneStaysLive() {
    EngineSupport.requireEngine(EngineSupport.BUSYBOX);
    // Every TCP connection of this JVM during the deploys, sorted by the worker's endpoints, for
    // the helm module's check that the chart's worker egress policy admits each (helm/README.md).
    try (OutboundConnections connections = OutboundConnections.start();
        StandInCluster standIn = StandInCluster.start();
        WorkerTestEnvironment worker =
            new WorkerTestEnvironment(KEY, tmp.resolve("t"), Builds.engine().withKubeconfig(standIn.kubeconfig()))) {
      Path repo = GitRepos.withMain(tmp, "site-" + UUID.randomUUID());
      GitRepos.commitFiles(repo, Map.of("index.html", "<h1>" + UUID.randomUUID() + "</h1>\n"), "site");
      UUID service = fixtures.service(tenant, GitRepos.fileUrl(repo), "main");
      fixtures.buildConfig(service, "static", "", "Dockerfile");
      UUID first = fixtures.deployment(tenant, service, "production", "main");

      DeployOutcome running = worker.deploy(tenant, service, first);

      assertThat(running.status()).as("%s", running).isEqualTo(DeploymentStatus.RUNNING);
      assertThat(fixtures.row(first).status()).isEqualTo("running");
      assertThat(fixtures.liveDeployment(service, "production")).isEqualTo(first);
      String name = fixtures.serviceName(service);
      List<Deployment> applied =
          standIn.client().apps().deployments().inAnyNamespace().withLabel("app", name).list().getItems();
      assertThat(applied).hasSize(1);
      assertThat(applied.getFirst().getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
          .isEqualTo(fixtures.row(first).imageRef());

      // The deploy's event stream (V12), as GET /v1/deployments/{id}/events replays it: every
      // phase from the deployments trigger, the rollout's progress from the watch, the result.
      List<String> kinds = TestDatabase.jdbc()
          .sql("select kind || ':' || coalesce(data->>'status', '') from deployment_events where deployment_id = ? order by seq")
          .param(first).query(String.class).list();
      assertThat(kinds.stream().filter(k -> k.startsWith("phase:")).toList())
          .containsExactly("phase:queued", "phase:cloning", "phase:building", "phase:deploying", "phase:running");
      assertThat(kinds.getLast()).isEqualTo("result:running");
      assertThat(kinds).as("rollout progress while deploying").anyMatch(k -> k.startsWith("rollout:"));
      assertThat(kinds.indexOf("phase:deploying")).isLessThan(kinds.indexOf(
          kinds.stream().filter(k -> k.startsWith("rollout:")).findFirst().orElseThrow()));
      List<String> rollouts = TestDatabase.jdbc()
          .sql("select data::text from deployment_events where deployment_id = ? and kind = 'rollout' order by seq")
          .param(first).query(String.class).list();
      assertThat(rollouts).doesNotHaveDuplicates().allMatch(r -> r.contains("\"desired\": 1"));

      // Break it: the stand-in's kubelet crash-loops containers that carry this variable.
      fixtures.envVar(service, "KUBE_STANDIN_BEHAVIOUR", "crash-loop", SecretCipher.fromBase64(KEY), false);
      UUID broken = fixtures.deployment(tenant, service, "production", "main");

      DeployOutcome failed = worker.deploy(tenant, service, broken);

      assertThat(failed.errorCode()).isEqualTo("CRASH_LOOP");
      assertThat(fixtures.row(broken).errorPhase()).isEqualTo("deploying");
      assertThat(fixtures.row(broken).errorLogTail()).isNotBlank();
      assertThat(fixtures.row(broken).errorHint()).isNotBlank();
      assertThat(fixtures.liveDeployment(service, "production")).isEqualTo(first);
      String result = TestDatabase.jdbc()
          .sql("select data::text from deployment_events where deployment_id = ? and kind = 'result'")
          .param(broken).query(String.class).single();
      assertThat(result).contains("\"code\": \"CRASH_LOOP\"").contains("\"status\": \"failed\"");
      List<String> brokenRollout = TestDatabase.jdbc()
          .sql("select data::text from deployment_events where deployment_id = ? and kind = 'rollout' order by seq")
          .param(broken).query(String.class).list();
      assertThat(brokenRollout).as("the broken rollout's progress names its pod").isNotEmpty()
          .allMatch(r -> r.contains("\"pods\": [{"));

      worker.deleteService(tenant, service);

      assertThat(standIn.client().apps().deployments().inAnyNamespace().withLabel("app", name).list().getItems())
          .isEmpty();

      Map<String, String> destinations = new EgressRecord()
          .postgres(TestDatabase.url())
          .kubernetesApi(standIn.url())
          .registry(EngineSupport.REGISTRY)
          .append(getClass().getSimpleName(), connections.seen());
      // Here BuildKit is the engine's (a unix socket), the push goes through the engine and
      // Temporal's test server is in-process: TCP goes to PostgreSQL and the API server only.
      assertThat(destinations).as("the deploy's connections by destination")
          .containsValues("postgres", "kubernetes-api")
          .doesNotContainValue(EgressRecord.UNCLASSIFIED);
    }
  }
}
