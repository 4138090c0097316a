package io.deploymcp.workflows.deploy;

import io.deploymcp.workflows.DeploySearchAttributes;
import io.deploymcp.workflows.DeploymentStatus;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.WorkflowIds;
import io.deploymcp.workflows.activities.BuildActivities;
import io.deploymcp.workflows.activities.BuildHost;
import io.deploymcp.workflows.activities.BuiltImage;
import io.deploymcp.workflows.activities.CheckoutActivities;
import io.deploymcp.workflows.activities.CheckoutResult;
import io.deploymcp.workflows.activities.ClusterActivities;
import io.deploymcp.workflows.activities.DeploymentFailure;
import io.deploymcp.workflows.activities.DeploymentRecordActivities;
import io.deploymcp.workflows.activities.FailureDetail;
import io.deploymcp.workflows.activities.WorkspaceActivities;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ExternalWorkflowStub;
import io.temporal.workflow.Workflow;
import io.temporal.api.enums.v1.TimeoutType;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * Runs one deployment as the step list of docs/architecture.md: supersede older deploys,
 * checkout, build and push, apply, await rollout, record the result. Every step's outcome
 * is written to the database by {@link DeploymentRecordActivities} as it happens.
 *
 * <p>Checkout and build run on one worker host (the workspace is on its disk): a worker
 * claims the deployment through {@link WorkspaceActivities#claimBuildHost()}, and both steps
 * and the workspace removal go to the task queue only that worker polls. When that host
 * goes away in between, the pair starts over on another host.
 */
public final class DeployWorkflowImpl implements DeployWorkflow {
  private static final Logger log = Workflow.getLogger(DeployWorkflowImpl.class);

  /** Caller errors: retrying cannot fix them, so they fail the deploy at once. */
  private static final String[] USER_ERRORS = {
    FailureCodes.BUILDKIT_NOT_CONFIGURED,
    FailureCodes.REGISTRY_NOT_CONFIGURED,
    FailureCodes.KUBERNETES_NOT_CONFIGURED,
    FailureCodes.SERVICE_GONE,
    FailureCodes.REPO_NOT_FOUND,
    FailureCodes.REPO_AUTH_FAILED,
    FailureCodes.BRANCH_NOT_FOUND,
    FailureCodes.COMMIT_NOT_FOUND,
    FailureCodes.ROOT_DIR_NOT_FOUND,
    FailureCodes.CHECKOUT_TOO_LARGE,
    FailureCodes.SUBMODULE_NOT_ALLOWED,
    FailureCodes.NO_BUILD_PLAN,
    FailureCodes.DOCKERFILE_NOT_FOUND,
    FailureCodes.DOCKERFILE_INVALID,
    FailureCodes.BUILD_STEP_FAILED,
    FailureCodes.BASE_IMAGE_NOT_FOUND,
    FailureCodes.BUILD_TIMEOUT,
    FailureCodes.BUILD_STALLED,
  };

  /** How many hosts a deployment tries for checkout and build before it gives up. */
  private static final int BUILD_HOST_ATTEMPTS = 3;


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

  private final WorkspaceActivities workspaces =
      Workflow.newActivityStub(
          WorkspaceActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(15))
              .setRetryOptions(recordRetry)
              .build());

  // WAIT_CANCELLATION_COMPLETED: a cancelled deploy goes on (removes the workspace, records
  // the outcome) only once the clone or build has really stopped. Both heartbeat every second;
  // the short heartbeat timeout matters because the SDK sends at most one heartbeat per 80% of
  // it, and a cancel request reaches the activity only in a heartbeat's answer.
  private final ActivityOptions checkoutOptions =
      ActivityOptions.newBuilder()
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
          .setStartToCloseTimeout(Duration.ofMinutes(10))
          .setHeartbeatTimeout(Duration.ofSeconds(10))
          .setRetryOptions(stepRetry)
          .build();

  // A build is long and expensive: fewer attempts than the other steps.
  private final ActivityOptions buildOptions =
      ActivityOptions.newBuilder()
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
          .setStartToCloseTimeout(Duration.ofMinutes(30))
          .setHeartbeatTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder(stepRetry)
                  .setMaximumAttempts(2)
                  // Retrying on the same host cannot bring the workspace back; sourceToImage
                  // starts over on a host of its own.
                  .setDoNotRetry(withWorkspaceLost(USER_ERRORS))
                  .build())
          .build();

  // Cleanup is best effort: the worker also sweeps old workspaces on its own.
  private final ActivityOptions cleanupOptions =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder(recordRetry).setMaximumAttempts(3).build())
          .build();

  // The apply heartbeats every second (also while it waits for its project's lock), so a worker
  // killed mid-apply is noticed after the heartbeat timeout, not after the whole 2 minutes; the
  // retry re-applies the same objects (server-side apply), under the same project lock.
  private final ClusterActivities apply =
      Workflow.newActivityStub(
          ClusterActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(2))
              .setHeartbeatTimeout(Duration.ofSeconds(10))
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

      // Publish and rollback run an image that exists already: no checkout, no build.
      BuiltImage image =
          request.imageRef() != null ? new BuiltImage(request.imageRef(), true) : sourceToImage(id);
      if (image == null) {
        return stopped(id);
      }

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

  /**
   * Checkout and build on one host; returns null when the deployment was stopped (superseded
   * or cancelled) between steps.
   */
  private BuiltImage sourceToImage(UUID id) {
    for (int attempt = 1; ; attempt++) {
      BuildHost host = workspaces.claimBuildHost();
      try {
        if (!enterPhase(id, DeploymentStatus.CLONING)) {
          return null;
        }
        CheckoutResult source = onHost(CheckoutActivities.class, checkoutOptions, host).checkout(id);
        commitSha = source.commitSha();
        records.recordCommit(id, commitSha);

        if (!enterPhase(id, DeploymentStatus.BUILDING)) {
          return null;
        }
        return onHost(BuildActivities.class, buildOptions, host).buildAndPush(id, source);
      } catch (ActivityFailure failure) {
        if (attempt < BUILD_HOST_ATTEMPTS && hostLost(failure)) {
          log.info("deployment {}: build host {} went away; starting over", id, host.taskQueue());
          continue;
        }
        throw failure;
      } finally {
        removeWorkspace(id, host);
      }
    }
  }

  /**
   * A stub for the host's own queue. A host that is gone never picks the step up; one that
   * is merely busy past its pickup timeout is no worse a choice than another host.
   */
  private static <T> T onHost(Class<T> activities, ActivityOptions options, BuildHost host) {
    return Workflow.newActivityStub(
        activities,
        ActivityOptions.newBuilder(options)
            .setTaskQueue(host.taskQueue())
            .setScheduleToStartTimeout(host.pickupTimeout())
            .build());
  }

  private static String[] withWorkspaceLost(String[] codes) {
    String[] all = java.util.Arrays.copyOf(codes, codes.length + 1);
    all[codes.length] = FailureCodes.WORKSPACE_LOST;
    return all;
  }

  /** The host never picked the step up, or no longer has the checkout. */
  private static boolean hostLost(ActivityFailure failure) {
    TemporalFailure cause = failure.getCause() instanceof TemporalFailure t ? t : null;
    if (cause instanceof TimeoutFailure timeout) {
      return timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START;
    }
    return cause instanceof ApplicationFailure app
        && FailureCodes.WORKSPACE_LOST.equals(app.getType());
  }

  /** Runs even when the workflow is being cancelled, hence the detached scope. */
  private void removeWorkspace(UUID id, BuildHost host) {
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                onHost(WorkspaceActivities.class, cleanupOptions, host).removeWorkspace(id);
              } catch (ActivityFailure leftBehind) {
                log.info("deployment {}: workspace left for the host's sweeper", id);
              }
            })
        .run();
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
