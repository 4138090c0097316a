package io.deploymcp.worker.support;

import io.deploymcp.worker.record.RolloutEvents;
import io.deploymcp.worker.metrics.DeployMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.deploymcp.worker.build.BuildLogShipper;

import io.deploymcp.checkout.Workspaces;
import io.deploymcp.store.logs.PostgresLogStore;
import io.deploymcp.worker.build.BuildActivitiesImpl;
import io.deploymcp.worker.build.BuildEnvironment;
import io.deploymcp.worker.build.BuildInputsRepository;
import io.deploymcp.worker.build.PushGate;
import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.worker.checkout.GitHubAppAccess;
import io.deploymcp.worker.cluster.Cluster;
import io.deploymcp.worker.cluster.ClusterInputsRepository;
import io.deploymcp.worker.config.BuildSettings;
import io.deploymcp.worker.config.CheckoutSettings;
import io.deploymcp.worker.host.WorkspaceActivitiesImpl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.springframework.util.unit.DataSize;
import io.deploymcp.worker.checkout.CheckoutActivitiesImpl;
import io.deploymcp.worker.checkout.GitCredentialStore;
import io.deploymcp.worker.cluster.ClusterActivitiesImpl;
import io.deploymcp.worker.cluster.KubernetesAccess;
import io.deploymcp.worker.cluster.ProjectLocks;
import io.deploymcp.worker.config.PlatformSettings;
import io.deploymcp.worker.config.SecretKeyHolder;
import io.deploymcp.worker.env.ServiceEnv;
import io.deploymcp.worker.record.DeploymentRecordActivitiesImpl;
import io.deploymcp.workflows.DeploySearchAttributes;
import io.deploymcp.workflows.WorkflowIds;
import io.deploymcp.workflows.delete.DeleteServiceRequest;
import io.deploymcp.workflows.delete.DeleteServiceWorkflow;
import io.deploymcp.workflows.delete.DeleteServiceWorkflowImpl;
import io.deploymcp.workflows.deploy.DeployOutcome;
import io.deploymcp.workflows.deploy.DeployRequest;
import io.deploymcp.workflows.deploy.DeployWorkflow;
import io.deploymcp.workflows.deploy.DeployWorkflowImpl;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Temporal's test environment running the real workflows with the REAL activity
 * implementations against the test database, configured like a worker with a database and
 * local repositories allowed; BuildKit and the registry only when {@link Builds} says so.
 * Checkout and build run on a second worker polling this "host's" own queue, as in production.
 */
public final class WorkerTestEnvironment implements AutoCloseable {
  private static final String TASK_QUEUE = "worker-test";
  private static final String HOST_QUEUE = TASK_QUEUE + ".host.test";

  /** What the worker may build with; {@link #NONE} leaves BUILDKIT_HOST and REGISTRY_HOST unset. */
  public record Builds(
      String buildkitHost,
      String registryHost,
      Map<String, String> environment,
      Duration timeout,
      String kubeconfig,
      String registryPullHost,
      Duration stallTimeout) {
    /** DP_BUILD_STALL_TIMEOUT's default. */
    static final Duration STALL = Duration.ofMinutes(5);

    public static final Builds NONE = new Builds(null, null, Map.of(), Duration.ofMinutes(5), null);

    public Builds(String buildkitHost, String registryHost, Map<String, String> environment, Duration timeout) {
      this(buildkitHost, registryHost, environment, timeout, null);
    }

    public Builds(
        String buildkitHost, String registryHost, Map<String, String> environment, Duration timeout, String kubeconfig) {
      this(buildkitHost, registryHost, environment, timeout, kubeconfig, null, STALL);
    }

    /** With a cluster: the kubeconfig of a stand-in (kube-standin) or a real one. */
    public Builds withKubeconfig(Path kubeconfigFile) {
      return new Builds(buildkitHost, registryHost, environment, timeout, kubeconfigFile.toString(), registryPullHost, stallTimeout);
    }

    /** Pod specs name the registry {@code host} (REGISTRY_PULL_HOST); pushes still go to registryHost. */
    public Builds withRegistryPullHost(String host) {
      return new Builds(buildkitHost, registryHost, environment, timeout, kubeconfig, host, stallTimeout);
    }

    /** The engine and registry of this machine (see docs/buildkit.md), base images from bin/base-images. */
    public static Builds engine() {
      return new Builds(
          "docker:///var/run/docker.sock",
          EngineSupport.REGISTRY,
          EngineSupport.baseImageEnvironment(),
          Duration.ofMinutes(5));
    }

    public Builds withBuildkitHost(String host) {
      return new Builds(host, registryHost, environment, timeout, kubeconfig, registryPullHost, stallTimeout);
    }

    public Builds withTimeout(Duration buildTimeout) {
      return new Builds(buildkitHost, registryHost, environment, buildTimeout, kubeconfig, registryPullHost, stallTimeout);
    }

    /** DP_BUILD_STALL_TIMEOUT. */
    public Builds withStallTimeout(Duration stall) {
      return new Builds(buildkitHost, registryHost, environment, timeout, kubeconfig, registryPullHost, stall);
    }
  }

  private final TestWorkflowEnvironment env;
  private final Path workspaces;
  /** What the activities' DeployMetrics recorded, for tests that check the worker's metrics. */
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  public WorkerTestEnvironment(String secretKey, Path noServiceAccountToken) {
    this(secretKey, noServiceAccountToken, Builds.NONE);
  }

  public WorkerTestEnvironment(String secretKey, Path noServiceAccountToken, Builds builds) {
    this(secretKey, noServiceAccountToken, builds, BuildLogShipper.NONE);
  }

  /** With build log lines also shipped by {@code shipper} (e.g. to a Loki stand-in). */
  public WorkerTestEnvironment(String secretKey, Path noServiceAccountToken, Builds builds, BuildLogShipper shipper) {
    env = TestWorkflowEnvironment.newInstance();
    for (var key : DeploySearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    try {
      workspaces = Files.createTempDirectory("dp-test-workspaces-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JdbcClient db = TestDatabase.jdbc();
    PlatformSettings settings =
        new PlatformSettings(builds.buildkitHost(), builds.registryHost(), null, null, true, builds.registryPullHost());
    CheckoutSettings checkoutSettings =
        new CheckoutSettings(
            workspaces, Duration.ofMinutes(2), DataSize.ofMegabytes(200), null, null,
            "https://api.github.com", "github.com");
    BuildSettings buildSettings =
        new BuildSettings(
            builds.timeout(), builds.stallTimeout(), Duration.ofMinutes(1), null, null, false, 2000, null, null, null, null);
    SecretKeyHolder keys = new SecretKeyHolder(secretKey);
    DeployMetrics metrics = new DeployMetrics(meters);
    WorkspaceActivitiesImpl workspaceActivities =
        new WorkspaceActivitiesImpl(HOST_QUEUE, buildSettings, checkoutSettings);

    Worker worker = env.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(
        DeployWorkflowImpl.class, DeleteServiceWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new DeploymentRecordActivitiesImpl(db, metrics),
        workspaceActivities,
        new ClusterActivitiesImpl(
            new Cluster(
                new KubernetesAccess(builds.kubeconfig(), null, noServiceAccountToken),
                ClusterSettings.defaults("apps.example.test"),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30)),
            new ClusterInputsRepository(db),
            new ServiceEnv(db, keys),
            new ProjectLocks(TestDatabase.dataSource()),
            new RolloutEvents(db),
            metrics));

    Worker host = env.newWorker(HOST_QUEUE);
    host.registerActivitiesImplementations(
        new CheckoutActivitiesImpl(
            db,
            settings,
            checkoutSettings,
            new GitCredentialStore(db, keys),
            new GitHubAppAccess(checkoutSettings),
            metrics),
        new BuildActivitiesImpl(
            new BuildEnvironment(settings, buildSettings, keys, builds.environment()),
            new BuildInputsRepository(db, new ServiceEnv(db, keys), TestDatabase.dataSource()),
            new PostgresLogStore(TestDatabase.dataSource(), 2000, 4096),
            new PushGate(TestDatabase.dataSource(), Duration.ofMillis(50)),
            shipper,
            metrics),
        workspaceActivities);
    env.start();
  }

  /** The meters the activities recorded into (dp.deployments.finished, dp.deployment.phase, …). */
  public SimpleMeterRegistry meters() {
    return meters;
  }

  /** Where this environment's checkouts go; empty again after every deploy. */
  public Path workspaces() {
    return workspaces;
  }

  public WorkflowClient client() {
    return env.getWorkflowClient();
  }

  /** Starts the deploy as the API does and returns its stub without waiting. */
  public io.temporal.client.WorkflowStub startDeploy(UUID tenant, UUID service, UUID deployment) {
    return startDeploy(tenant, service, deployment, null);
  }

  /** A deploy of an existing image, as the API starts publish and rollback. */
  public DeployOutcome deployImage(UUID tenant, UUID service, UUID deployment, String imageRef) {
    return startDeploy(tenant, service, deployment, imageRef).getResult(DeployOutcome.class);
  }

  private io.temporal.client.WorkflowStub startDeploy(
      UUID tenant, UUID service, UUID deployment, String imageRef) {
    DeployWorkflow workflow =
        client()
            .newWorkflowStub(
                DeployWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(TASK_QUEUE)
                    .setWorkflowId(WorkflowIds.deploy(deployment))
                    .setTypedSearchAttributes(
                        SearchAttributes.newBuilder()
                            .set(DeploySearchAttributes.SERVICE_NAME, "svc")
                            .set(DeploySearchAttributes.TENANT, tenant.toString())
                            .set(DeploySearchAttributes.DEPLOYMENT_ID, deployment.toString())
                            .set(DeploySearchAttributes.PHASE, "queued")
                            .build())
                    .build());
    WorkflowClient.start(workflow::deploy, new DeployRequest(tenant, service, deployment, imageRef));
    return client().newUntypedWorkflowStub(WorkflowIds.deploy(deployment));
  }

  /** Starts the deploy as the API does (id, search attributes) and waits for its outcome. */
  public DeployOutcome deploy(UUID tenant, UUID service, UUID deployment) {
    return startDeploy(tenant, service, deployment).getResult(DeployOutcome.class);
  }

  public void deleteService(UUID tenant, UUID service) {
    client()
        .newWorkflowStub(
            DeleteServiceWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(TASK_QUEUE)
                .setWorkflowId(WorkflowIds.deleteService(service))
                .build())
        .delete(new DeleteServiceRequest(tenant, service));
  }

  @Override
  public void close() {
    env.close();
    Workspaces.remove(workspaces);
  }
}
