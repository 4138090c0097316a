package io.deploymcp.workflows.fakes;

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
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.UUID;

/**
 * A Temporal test environment running both workflow implementations against the in-memory
 * fakes, with the platform's search attributes registered as on a real namespace.
 */
public final class WorkflowHarness implements AutoCloseable {
  public static final String TASK_QUEUE = "deploy-mcp-test";
  /** The queue of the one fake build host; checkout and build run there. */
  public static final String HOST_QUEUE = "deploy-mcp-test.host.fake";
  public static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-00000000000a");

  public final CallLog log = new CallLog();
  public final InMemoryDeploymentRecords records = new InMemoryDeploymentRecords(log);
  public final FakeSteps steps = new FakeSteps(log);
  public final TestWorkflowEnvironment env;
  public final WorkflowClient client;

  /**
   * {@code timeSkipping} makes retry back-offs instant; tests whose activities block on a
   * cancellation run in real time, so heartbeat timeouts do not fire early.
   */
  public WorkflowHarness(boolean timeSkipping) {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(timeSkipping).build());
    for (var key : DeploySearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    // Heartbeats are throttled to most of the heartbeat timeout by default; a cancelled
    // activity should notice within a test's patience.
    WorkerOptions options =
        WorkerOptions.newBuilder()
            .setMaxHeartbeatThrottleInterval(Duration.ofMillis(100))
            .setDefaultHeartbeatThrottleInterval(Duration.ofMillis(100))
            .build();
    Worker worker = env.newWorker(TASK_QUEUE, options);
    worker.registerWorkflowImplementationTypes(
        DeployWorkflowImpl.class, DeleteServiceWorkflowImpl.class);
    worker.registerActivitiesImplementations(records, steps);
    env.newWorker(HOST_QUEUE, options).registerActivitiesImplementations(steps);
    env.start();
    client = env.getWorkflowClient();
  }

  /** Starts a deploy the way the API does: id from the deployment, attributes set. */
  public DeployWorkflow startDeploy(UUID serviceId, UUID deploymentId) {
    return startDeploy(serviceId, deploymentId, null);
  }

  /** A deploy of an existing image (publish, rollback) when {@code imageRef} is set. */
  public DeployWorkflow startDeploy(UUID serviceId, UUID deploymentId, String imageRef) {
    DeployWorkflow workflow =
        client.newWorkflowStub(
            DeployWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(TASK_QUEUE)
                .setWorkflowId(WorkflowIds.deploy(deploymentId))
                .setTypedSearchAttributes(
                    SearchAttributes.newBuilder()
                        .set(DeploySearchAttributes.SERVICE_NAME, "cool-api")
                        .set(DeploySearchAttributes.TENANT, TENANT.toString())
                        .set(DeploySearchAttributes.DEPLOYMENT_ID, deploymentId.toString())
                        .set(DeploySearchAttributes.PHASE, "queued")
                        .build())
                .build());
    WorkflowClient.start(workflow::deploy, new DeployRequest(TENANT, serviceId, deploymentId, imageRef));
    return workflow;
  }

  public DeployOutcome deployAndWait(UUID serviceId, UUID deploymentId) {
    startDeploy(serviceId, deploymentId);
    return deployStub(deploymentId).getResult(DeployOutcome.class);
  }

  public WorkflowStub deployStub(UUID deploymentId) {
    return client.newUntypedWorkflowStub(WorkflowIds.deploy(deploymentId));
  }

  public WorkflowStub startDelete(UUID serviceId) {
    DeleteServiceWorkflow workflow =
        client.newWorkflowStub(
            DeleteServiceWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(TASK_QUEUE)
                .setWorkflowId(WorkflowIds.deleteService(serviceId))
                .build());
    WorkflowClient.start(workflow::delete, new DeleteServiceRequest(TENANT, serviceId));
    return client.newUntypedWorkflowStub(WorkflowIds.deleteService(serviceId));
  }

  /** The workflow's history as Temporal exports it (what the Web UI would download). */
  public String historyJson(String workflowId) {
    return client.fetchHistory(workflowId).toJson(true);
  }

  @Override
  public void close() {
    env.close();
  }
}
