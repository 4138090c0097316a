package io.deploymcp.worker.support;

import io.deploymcp.worker.build.BuildActivitiesImpl;
import io.deploymcp.worker.checkout.CheckoutActivitiesImpl;
import io.deploymcp.worker.checkout.GitCredentialStore;
import io.deploymcp.worker.cluster.ClusterActivitiesImpl;
import io.deploymcp.worker.cluster.KubernetesAccess;
import io.deploymcp.worker.config.PlatformSettings;
import io.deploymcp.worker.config.SecretKeyHolder;
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
 * implementations against the test database, configured like a worker with nothing but a
 * database (no BuildKit, no cluster) and local repositories allowed.
 */
public final class WorkerTestEnvironment implements AutoCloseable {
  private static final String TASK_QUEUE = "worker-test";

  private final TestWorkflowEnvironment env;

  public WorkerTestEnvironment(String secretKey, Path noServiceAccountToken) {
    env = TestWorkflowEnvironment.newInstance();
    for (var key : DeploySearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    JdbcClient db = TestDatabase.jdbc();
    PlatformSettings settings = new PlatformSettings(null, null, null, null, true);
    Worker worker = env.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(
        DeployWorkflowImpl.class, DeleteServiceWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new DeploymentRecordActivitiesImpl(db),
        new CheckoutActivitiesImpl(
            db, settings, new GitCredentialStore(db, new SecretKeyHolder(secretKey))),
        new BuildActivitiesImpl(settings),
        new ClusterActivitiesImpl(new KubernetesAccess(null, null, noServiceAccountToken)));
    env.start();
  }

  public WorkflowClient client() {
    return env.getWorkflowClient();
  }

  /** Starts the deploy as the API does (id, search attributes) and waits for its outcome. */
  public DeployOutcome deploy(UUID tenant, UUID service, UUID deployment) {
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
    return workflow.deploy(new DeployRequest(tenant, service, deployment));
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
  }
}
