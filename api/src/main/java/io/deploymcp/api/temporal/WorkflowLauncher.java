package io.deploymcp.api.temporal;

import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.workflows.DeploySearchAttributes;
import io.deploymcp.workflows.DeploymentStatus;
import io.deploymcp.workflows.WorkflowIds;
import io.deploymcp.workflows.delete.DeleteServiceRequest;
import io.deploymcp.workflows.delete.DeleteServiceWorkflow;
import io.deploymcp.workflows.deploy.DeployRequest;
import io.deploymcp.workflows.deploy.DeployWorkflow;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Starts and cancels the platform's workflows. Workflow ids derive from database ids, so a
 * repeated start is deduplicated by Temporal (REJECT_DUPLICATE) and counts as success.
 */
@Singleton
public class WorkflowLauncher {
  private static final Logger LOG = Logger.getLogger(WorkflowLauncher.class);

  private final WorkflowClient client;
  private final String taskQueue;
  private final Timer startTimer;
  private final MeterRegistry metrics;

  public WorkflowLauncher(WorkflowClient client, ApiConfig config, MeterRegistry metrics) {
    this.client = client;
    this.taskQueue = config.taskQueue();
    this.metrics = metrics;
    this.startTimer =
        Timer.builder("dp.workflow.start")
            .description("Time to start a workflow on Temporal")
            .publishPercentiles(0.5, 0.99)
            .register(metrics);
  }

  public void startDeploy(DeployLaunch launch) {
    String workflowId = WorkflowIds.deploy(launch.deploymentId());
    Map<String, Object> memo = new LinkedHashMap<>();
    memo.put("service", launch.serviceName());
    memo.put("repo", launch.repo());
    memo.put("environment", launch.environment());
    memo.put("commit_requested", launch.requestedRef());
    if (launch.imageRef() != null) {
      // A publish or rollback: which image, taken from which deployment.
      memo.put("image_ref", launch.imageRef());
      memo.put("source_deployment_id", String.valueOf(launch.sourceDeploymentId()));
    }
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(taskQueue)
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(DeploySearchAttributes.SERVICE_NAME, launch.serviceName())
                    .set(DeploySearchAttributes.TENANT, launch.tenantName())
                    .set(DeploySearchAttributes.DEPLOYMENT_ID, launch.deploymentId().toString())
                    .set(DeploySearchAttributes.PHASE, DeploymentStatus.QUEUED.wireName())
                    .build())
            .setMemo(memo)
            .build();
    DeployWorkflow workflow = client.newWorkflowStub(DeployWorkflow.class, options);
    start(
        "deploy",
        workflowId,
        () ->
            WorkflowClient.start(
                workflow::deploy,
                new DeployRequest(
                    launch.tenantId(), launch.serviceId(), launch.deploymentId(), launch.imageRef())));
  }

  public void startDelete(UUID tenantId, UUID serviceId, String serviceName, String tenantName) {
    String workflowId = WorkflowIds.deleteService(serviceId);
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(taskQueue)
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(DeploySearchAttributes.SERVICE_NAME, serviceName)
                    .set(DeploySearchAttributes.TENANT, tenantName)
                    .build())
            .setMemo(Map.of("service", serviceName, "action", "delete"))
            .build();
    DeleteServiceWorkflow workflow = client.newWorkflowStub(DeleteServiceWorkflow.class, options);
    start(
        "delete-service",
        workflowId,
        () -> WorkflowClient.start(workflow::delete, new DeleteServiceRequest(tenantId, serviceId)));
  }

  /**
   * Requests cancellation; the workflow records {@code cancelled} itself. Returns false when
   * the workflow no longer runs, so nobody would record it.
   */
  public boolean cancel(String workflowId) {
    try {
      client.newUntypedWorkflowStub(workflowId).cancel();
    } catch (WorkflowNotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      LOG.warnf("cancel of %s failed: %s", workflowId, e.getMessage());
      throw unavailable();
    }
    // Some servers accept a cancel request for a closed workflow: check it still runs.
    try {
      return client
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                      .build())
              .getWorkflowExecutionInfo()
              .getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (RuntimeException e) {
      // The cancel was accepted; if the workflow runs, it records the cancellation itself.
      return true;
    }
  }

  private void start(String kind, String workflowId, Runnable start) {
    Timer.Sample sample = Timer.start(metrics);
    try {
      start.run();
      metrics.counter("dp.workflow.started", "workflow", kind).increment();
    } catch (WorkflowExecutionAlreadyStarted e) {
      LOG.debugf("%s already started: deduplicated", workflowId);
    } catch (RuntimeException e) {
      metrics.counter("dp.workflow.start.failed", "workflow", kind).increment();
      LOG.warnf("could not start %s: %s", workflowId, e.getMessage());
      throw unavailable();
    } finally {
      sample.stop(startTimer);
    }
  }

  private static ApiProblem unavailable() {
    return new ApiProblem(ProblemCode.TEMPORAL_UNAVAILABLE, "The workflow engine (Temporal) did not accept the request");
  }
}
