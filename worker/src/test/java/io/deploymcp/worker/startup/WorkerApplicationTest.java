package io.deploymcp.worker.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.embedded.EmbeddedTemporal;
import io.deploymcp.worker.WorkerApplication;
import io.deploymcp.worker.support.Fixtures;
import io.deploymcp.worker.support.GitRepos;
import io.deploymcp.worker.support.TestDatabase;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.WorkflowIds;
import io.deploymcp.workflows.delete.DeleteServiceRequest;
import io.deploymcp.workflows.delete.DeleteServiceWorkflow;
import io.deploymcp.workflows.delete.DeleteServiceWorkflowImpl;
import io.deploymcp.workflows.deploy.DeployOutcome;
import io.deploymcp.workflows.deploy.DeployRequest;
import io.deploymcp.workflows.deploy.DeployWorkflow;
import io.deploymcp.workflows.deploy.DeployWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.spring.boot.autoconfigure.template.WorkersTemplate;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the worker application as {@code java -jar worker.jar} would (same main class, same
 * application.properties), against the port-bound Temporal test server and a real database,
 * with nothing else configured.
 */
@ExtendWith(OutputCaptureExtension.class)
class WorkerApplicationTest {
  private static final String QUEUE = "smoke";

  @TempDir Path tmp;

  @Test
  void startsReportsWhatIsMissingAndRunsDeployAndDeleteOnItsQueue(CapturedOutput output) {
    Fixtures fixtures = new Fixtures();
    try (EmbeddedTemporal temporal = EmbeddedTemporal.start(0);
        ConfigurableApplicationContext app =
            new SpringApplicationBuilder(WorkerApplication.class)
                .main(WorkerApplication.class)
                .run(
                    // The environment variables of docs/architecture.md, as the local stack
                    // sets them. (Overriding spring.temporal.workers[0].* directly would
                    // replace the whole list: Spring does not merge lists across sources.)
                    "--TEMPORAL_ADDRESS=" + temporal.target(),
                    "--DP_TASK_QUEUE=" + QUEUE,
                    "--DP_DATABASE_URL=" + TestDatabase.url(),
                    "--DP_WORKER_METRICS_PORT=0",
                    "--DP_DATABASE_USER=" + TestDatabase.user(),
                    "--dp.buildkit-host=",
                    "--dp.registry-host=",
                    "--dp.loki-push-url=",
                    "--dp.loki.url=",
                    "--dp.kubeconfig=",
                    "--dp.secret-key=",
                    "--dp.allow-local-repos=true")) {

      assertThat(app.getBean(WorkerFactory.class).getWorker(QUEUE)).isNotNull();
      var registered = app.getBean(WorkersTemplate.class).getRegisteredInfo().get(QUEUE);
      assertThat(registered.isWorkflowRegistered(DeployWorkflowImpl.class)).isTrue();
      assertThat(registered.isWorkflowRegistered(DeleteServiceWorkflowImpl.class)).isTrue();
      for (String bean :
          new String[] {"deploymentRecordActivities", "workspaceActivities", "clusterActivities"}) {
        assertThat(registered.isActivityRegistered(bean)).as(bean).isTrue();
      }
      // Checkout and build run on this host's own queue (started without main(), so the
      // host id is the properties' default).
      var host = app.getBean(WorkersTemplate.class).getRegisteredInfo().get(QUEUE + ".host.local");
      for (String bean : new String[] {"checkoutActivities", "buildActivities", "workspaceActivities"}) {
        assertThat(host.isActivityRegistered(bean)).as(bean).isTrue();
      }

      UUID tenant = fixtures.tenant();
      Path repo = GitRepos.withMain(tmp, "app");
      UUID service = fixtures.service(tenant, GitRepos.fileUrl(repo), "main");
      UUID deployment = fixtures.deployment(tenant, service, "production", "main");
      WorkflowClient client = app.getBean(WorkflowClient.class);

      DeployOutcome outcome =
          client
              .newWorkflowStub(
                  DeployWorkflow.class,
                  WorkflowOptions.newBuilder()
                      .setTaskQueue(QUEUE)
                      .setWorkflowId(WorkflowIds.deploy(deployment))
                      .build())
              .deploy(new DeployRequest(tenant, service, deployment));
      client
          .newWorkflowStub(
              DeleteServiceWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setTaskQueue(QUEUE)
                  .setWorkflowId(WorkflowIds.deleteService(service))
                  .build())
          .delete(new DeleteServiceRequest(tenant, service));

      assertThat(outcome.errorCode()).isEqualTo(FailureCodes.BUILDKIT_NOT_CONFIGURED);
      assertThat(fixtures.row(deployment).commitSha()).isEqualTo(GitRepos.head(repo, "main"));
    }
    assertThat(output.getOut())
        .contains("Started WorkerApplication")
        .contains("Temporal: 127.0.0.1:")
        .contains("Database: jdbc:postgresql://127.0.0.1:")
        .contains(
            "BuildKit: not configured (set BUILDKIT_HOST) — deploys will fail with BUILDKIT_NOT_CONFIGURED")
        .contains("Kubernetes: not configured (set KUBECONFIG)")
        .contains("Registry: not configured (set REGISTRY_HOST)")
        .contains("Loki: not configured (set LOKI_URL)")
        .contains("Secrets: DP_SECRET_KEY is not set")
        .contains("Cluster objects: apps domain apps.localhost, RuntimeClass gvisor, IngressClass traefik")
        .contains("Cluster limits per project: 20 pods, requests 8 cpu / 16Gi")
        .contains("no Kubernetes is configured, so nothing of it can be running");
    assertThat(output.getAll()).doesNotContain("could not register search attributes");
  }

  @Test
  void badClusterSettingsStopTheStartNamingEachVariable(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(WorkerApplication.class)
                    .main(WorkerApplication.class)
                    .run(
                        "--TEMPORAL_ADDRESS=127.0.0.1:1",
                        "--DP_DATABASE_URL=" + TestDatabase.url(),
                        "--DP_WORKER_METRICS_PORT=0",
                        "--DP_DATABASE_USER=" + TestDatabase.user(),
                        "--DP_QUOTA_PODS=twenty",
                        "--DP_INGRESS_TLS=letsencrypt",
                        "--DP_QUOTA_REQUESTS_MEMORY=4Gi")
                    .close())
        .hasRootCauseInstanceOf(io.deploymcp.worker.config.ClusterConfiguration.InvalidException.class);

    assertThat(output.getAll())
        .contains("APPLICATION FAILED TO START")
        .contains("The worker's cluster settings are invalid:")
        .contains("  - DP_QUOTA_PODS: 'twenty' is not a whole number")
        .contains("  - DP_INGRESS_TLS: 'letsencrypt' is not 'default-certificate' or 'none'")
        .contains("docs/kubernetes.md §7");
  }
}
