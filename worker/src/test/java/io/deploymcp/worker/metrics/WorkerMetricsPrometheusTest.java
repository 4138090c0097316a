package io.deploymcp.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.deploymcp.embedded.EmbeddedTemporal;
import io.deploymcp.embedded.PrometheusProcess;
import io.deploymcp.worker.WorkerApplication;
import io.deploymcp.worker.support.Fixtures;
import io.deploymcp.worker.support.GitRepos;
import io.deploymcp.worker.support.TestDatabase;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.WorkflowIds;
import io.deploymcp.workflows.deploy.DeployOutcome;
import io.deploymcp.workflows.deploy.DeployRequest;
import io.deploymcp.workflows.deploy.DeployWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The worker as {@code java -jar worker.jar} runs it, serving /metrics on its management port,
 * scraped by a real Prometheus (Debian's binary; skipped without it, failing under CI=true): after
 * a deploy that ends failed (no BuildKit configured) the deploy counters and histograms and the
 * Temporal SDK's series have moved, as Prometheus's query API sees them.
 */
class WorkerMetricsPrometheusTest {
  private static final String QUEUE = "metrics";
  private static final String JOB = "deploy-mcp-worker";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path tmp;

  @Test
  void aFinishedDeployMovesTheDeployAndTemporalSeriesThatPrometheusScrapes() throws Exception {
    assumeThat(PrometheusProcess.available() || "true".equals(System.getenv("CI")))
        .as("no Prometheus binary at " + PrometheusProcess.binary() + " (apt-get install prometheus)")
        .isTrue();
    int port = freePort();
    Fixtures fixtures = new Fixtures();
    try (EmbeddedTemporal temporal = EmbeddedTemporal.start(0);
        ConfigurableApplicationContext app =
            new SpringApplicationBuilder(WorkerApplication.class)
                .main(WorkerApplication.class)
                .run(
                    "--TEMPORAL_ADDRESS=" + temporal.target(),
                    "--DP_TASK_QUEUE=" + QUEUE,
                    "--DP_DATABASE_URL=" + TestDatabase.url(),
                    "--DP_DATABASE_USER=" + TestDatabase.user(),
                    "--DP_WORKER_METRICS_PORT=" + port,
                    "--dp.buildkit-host=",
                    "--dp.registry-host=",
                    "--dp.loki-push-url=",
                    "--dp.kubeconfig=",
                    "--dp.secret-key=",
                    "--dp.allow-local-repos=true");
        PrometheusProcess prometheus =
            PrometheusProcess.start(List.of(new PrometheusProcess.Target(JOB, "127.0.0.1:" + port, "/metrics", Duration.ofMillis(250))))) {
      assertThat(app.getBean(MetricsServer.class).boundPort()).isEqualTo(port);
      prometheus.awaitUp(JOB, WAIT);

      UUID tenant = fixtures.tenant();
      Path repo = GitRepos.withMain(tmp, "app");
      UUID service = fixtures.service(tenant, GitRepos.fileUrl(repo), "main");
      UUID deployment = fixtures.deployment(tenant, service, "production", "main");
      DeployOutcome outcome =
          app.getBean(WorkflowClient.class)
              .newWorkflowStub(
                  DeployWorkflow.class,
                  WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(WorkflowIds.deploy(deployment)).build())
              .deploy(new DeployRequest(tenant, service, deployment));
      assertThat(outcome.errorCode()).isEqualTo(FailureCodes.BUILDKIT_NOT_CONFIGURED);

      Predicate<String> one = body -> body.contains("\"result\":[{") && body.contains("\"1\"]");
      Predicate<String> some = body -> body.contains("\"result\":[{");
      prometheus.awaitQuery(
          "dp_deployments_finished_total{job=\"" + JOB + "\",outcome=\"failed\",code=\"BUILDKIT_NOT_CONFIGURED\","
              + "environment=\"production\"}",
          one, WAIT);
      prometheus.awaitQuery("dp_deployment_phase_seconds_count{phase=\"clone\",outcome=\"ok\"}", one, WAIT);
      prometheus.awaitQuery("dp_deployment_phase_seconds_bucket{phase=\"clone\",outcome=\"ok\",le=\"+Inf\"}", one, WAIT);
      prometheus.awaitQuery("dp_deployment_queue_wait_seconds_count", one, WAIT);
      // Registered at zero before the first build: ratios and rate() work from the start.
      prometheus.awaitQuery("dp_build_cache_steps_total{result=\"cached\"} == 0", some, WAIT);
      prometheus.awaitQuery("dp_builds_skipped_total == 0", some, WAIT);
      // The Temporal SDK's metrics on the same registry: its activities ran and were counted.
      prometheus.awaitQuery("temporal_activity_execution_latency_seconds_count{activity_type=\"Checkout\"} >= 1", some, WAIT);
      prometheus.awaitQuery("temporal_worker_task_slots_available", some, WAIT);
      // TemporalHistogramBuckets: the SDK's latency histograms have its nine fixed bounds (plus +Inf), not 69.
      prometheus.awaitQuery(
          "max(count without (le) (temporal_activity_execution_latency_seconds_bucket{activity_type=\"Checkout\"})) == 10", some, WAIT);
      prometheus.awaitQuery("jvm_memory_used_bytes", some, WAIT);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
