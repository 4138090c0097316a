package io.deploymcp.workflows.deploy;

import io.deploymcp.workflows.DeploySearchAttributes;
import io.deploymcp.workflows.DeploymentStatus;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.WorkflowIds;
import io.deploymcp.workflows.activities.BuildActivities;
import io.deploymcp.workflows.activities.BuiltImage;
import io.deploymcp.workflows.activities.CheckoutActivities;
import io.deploymcp.workflows.activities.CheckoutResult;
import io.deploymcp.workflows.activities.ClusterActivities;
import io.deploymcp.workflows.activities.DeploymentFailure;
import io.deploymcp.workflows.activities.DeploymentRecordActivities;
import io.deploymcp.workflows.activities.FailureDetail;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ExternalWorkflowStub;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * Runs one deployment as the step list of docs/architecture.md: supersede older deploys,
 * checkout, build and push, apply, await rollout, record the result. Every step's outcome
 * is written to the database by {@link DeploymentRecordActivities} as it happens.
 */
public final class DeployWorkflowImpl implements DeployWorkflow {
  private static final Logger log = Workflow.getLogger(DeployWorkflowImpl.class);

  /** Caller errors: retrying cannot fix them, so they fail the deploy at once. */
  private static final String[] USER_ERRORS = {
    FailureCodes.BUILDKIT_NOT_CONFIGURED,
    FailureCodes.KUBERNETES_NOT_CONFIGURED,
    FailureCodes.REPO_NOT_FOUND,
    FailureCodes.BRANCH_NOT_FOUND,
    FailureCodes.REPO_AUTH_FAILED,
    FailureCodes.SERVICE_GONE,
  };

  /** Our reason codes look like {@code BRANCH_NOT_FOUND}; anything else (a Java class name) is a bug. */
  private static final Pattern REASON_CODE = Pattern.compile("[A-Z][A-Z0-9_]*");

  private static final String RETRY_HINT =
      "This is a platform error, not a problem with the code: deploy again; if it keeps"
          + " failing, an operator finds the cause in the worker log for workflow ";

  // Database writes are fast; retry a short, bounded while (e.g. a database restart).
  private final RetryOptions recordRetry =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofMillis(500))
          .setBackoffCoefficient(2)
          .setMaximumInterval(Duration.ofSeconds(10))
          .setMaximumAttempts(8)
          .build();

  private final RetryOptions stepRetry =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(2))
          .setBackoffCoefficient(2)
          .setMaximumInterval(Duration.ofSeconds(30))
          .setMaximumAttempts(4)
          .setDoNotRetry(USER_ERRORS)
          .build();

  private final DeploymentRecordActivities records =
      Workflow.newActivityStub(
          DeploymentRecordActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(15))
              .setRetryOptions(recordRetry)
              .build());

  private final CheckoutActivities checkout =
      Workflow.newActivityStub(
          CheckoutActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(10))
              .setHeartbeatTimeout(Duration.ofSeconds(30))
              .setRetryOptions(stepRetry)
              .build());

  // A build is long and expensive: fewer attempts than the other steps.
  private final BuildActivities build =
      Workflow.newActivityStub(
          BuildActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(30))
              .setHeartbeatTimeout(Duration.ofMinutes(1))
              .setRetryOptions(RetryOptions.newBuilder(stepRetry).setMaximumAttempts(2).build())
              .build());

  private final ClusterActivities apply =
      Workflow.newActivityStub(
          ClusterActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(2))
              .setRetryOptions(stepRetry)
              .build());

  private final ClusterActivities rollout =
      Workflow.newActivityStub(
          ClusterActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(5))
              .setHeartbeatTimeout(Duration.ofSeconds(30))
              .setRetryOptions(RetryOptions.newBuilder(stepRetry).setMaximumAttempts(2).build())
              .build());

  private DeploymentStatus status = DeploymentStatus.QUEUED;
  private String commitSha;

  @Override
  public DeployOutcome deploy(DeployRequest request) {
    UUID id = request.deploymentId();
    try {
      cancelWorkflows(records.supersedeOlder(id));

      if (!enterPhase(id, DeploymentStatus.CLONING)) {
        return stopped(id);
      }
      CheckoutResult source = checkout.checkout(id);
      commitSha = source.commitSha();
      records.recordCommit(id, commitSha);

      if (!enterPhase(id, DeploymentStatus.BUILDING)) {
        return stopped(id);
      }
      BuiltImage image = build.buildAndPush(id, source);

      if (!enterPhase(id, DeploymentStatus.DEPLOYING)) {
        return stopped(id);
      }
      apply.apply(id, image.imageRef());
      rollout.awaitRollout(id);

      records.markRunning(id, image.imageRef());
      finish(DeploymentStatus.RUNNING);
      return new DeployOutcome(id, status, commitSha, image.imageRef(), null);
    } catch (ActivityFailure failure) {
      if (failure.getCause() instanceof CanceledFailure cancelled) {
        // An activity was running when the cancel request came in.
        throw cancelled(id, cancelled);
      }
      DeploymentFailure recorded = describe(failure, id);
      log.info("deployment {} failed in {}: {}", id, recorded.phase(), recorded.code());
      records.markFailed(id, recorded);
      finish(DeploymentStatus.FAILED);
      return new DeployOutcome(id, status, commitSha, null, recorded.code());
    } catch (CanceledFailure cancelled) {
      throw cancelled(id, cancelled);
    }
  }

  @Override
  public String status() {
    return status.wireName();
  }

  /**
   * Records the cancellation and returns the failure to rethrow, so Temporal shows the
   * workflow as cancelled. The workflow's own scope is cancelled, hence the detached one.
   */
  private CanceledFailure cancelled(UUID id, CanceledFailure cause) {
    Workflow.newDetachedCancellationScope(
            () -> {
              records.markCancelled(id);
              finish(DeploymentStatus.CANCELLED);
            })
        .run();
    log.info("deployment {} cancelled", id);
    return cause;
  }

  private boolean enterPhase(UUID id, DeploymentStatus phase) {
    if (!records.enterPhase(id, phase)) {
      return false;
    }
    status = phase;
    Workflow.upsertTypedSearchAttributes(DeploySearchAttributes.PHASE.valueSet(phase.wireName()));
    return true;
  }

  private void finish(DeploymentStatus terminal) {
    status = terminal;
    Workflow.upsertTypedSearchAttributes(
        DeploySearchAttributes.PHASE.valueSet(terminal.wireName()));
  }

  /**
   * enterPhase refused: someone else (a newer deploy or a cancel request) already wrote the
   * terminal status. The boolean does not say which, so the outcome reports CANCELLED and the
   * database row holds the exact status (superseded or cancelled).
   */
  private DeployOutcome stopped(UUID id) {
    log.info("deployment {} was superseded or cancelled before {}; stopping", id, status);
    status = DeploymentStatus.CANCELLED;
    return new DeployOutcome(id, status, commitSha, null, null);
  }

  /**
   * Asks Temporal to cancel each workflow without waiting for the answer: the rows are
   * already terminal, so those workflows stop at their next enterPhase even if the request
   * is late, and a workflow that already closed must not hold this deploy up (Temporal's
   * test server, used by the local stack, never answers a cancel of a closed workflow).
   */
  private static void cancelWorkflows(List<UUID> deploymentIds) {
    for (UUID older : deploymentIds) {
      ExternalWorkflowStub stub = Workflow.newUntypedExternalWorkflowStub(WorkflowIds.deploy(older));
      Async.procedure(stub::cancel).exceptionally(alreadyClosed -> null);
    }
  }

  /** Translates an activity failure into the structured error stored on the deployment. */
  private DeploymentFailure describe(ActivityFailure failure, UUID id) {
    String phase = status.wireName();
    String step = failure.getActivityType();
    if (failure.getCause() instanceof ApplicationFailure app
        && REASON_CODE.matcher(app.getType()).matches()) {
      FailureDetail detail = detailOf(app);
      return new DeploymentFailure(
          phase, app.getType(), app.getOriginalMessage(), detail.hint(), detail.logTail());
    }
    // Timeouts and unexpected exceptions: the original message may carry internals, so the
    // stored message names only the step and the kind of failure.
    String kind =
        failure.getCause() instanceof TimeoutFailure timeout
            ? "timed out (" + timeout.getTimeoutType() + ")"
            : failure.getCause() instanceof ApplicationFailure app
                ? "failed unexpectedly (" + app.getType() + ")"
                : "failed unexpectedly";
    return new DeploymentFailure(
        phase,
        FailureCodes.INTERNAL_ERROR,
        "the " + step + " step " + kind,
        RETRY_HINT + WorkflowIds.deploy(id) + ".",
        null);
  }

  private static FailureDetail detailOf(ApplicationFailure failure) {
    try {
      if (failure.getDetails().getSize() > 0) {
        return failure.getDetails().get(0, FailureDetail.class, FailureDetail.class);
      }
    } catch (RuntimeException unreadable) {
      // A detail of another shape: keep the code and message, drop the detail.
    }
    return new FailureDetail(null, null);
  }
}
