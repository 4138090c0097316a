package io.deploymcp.api.support;

import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Stand-in for the worker (no worker runs in the API tests): moves a deployment through its
 * phases with the same UPDATEs the worker's DeploymentRecordActivities issue (enterPhase,
 * markFailed, markRunning), so the API sees what a real deploy looks like.
 */
public final class WorkerStandIn {
  private final Db db;

  public WorkerStandIn(Db db) {
    this.db = db;
  }

  /** enterPhase: status and the phase's start time (kept when set). */
  public void enterPhase(UUID deploymentId, String phase) {
    String stamp = phase + "_at";
    db.update(
        "update deployments set status = ?, " + stamp + " = coalesce(" + stamp + ", now()), updated_at = now()"
            + " where id = ? and status in ('queued', 'cloning', 'building', 'deploying')",
        phase, deploymentId);
  }

  /** A line of the build log as the build activity flushes it (stream {@code step}, e.g. "#4 [2/3] RUN make"). */
  public void buildLogStep(UUID deploymentId, String line) {
    db.update(
        "insert into deployment_logs (deployment_id, seq, tenant_id, type, stream, line)"
            + " select d.id, coalesce((select max(seq) from deployment_logs where deployment_id = d.id), 0) + 1,"
            + " d.tenant_id, 'build', 'step', ? from deployments d where d.id = ?",
        line, deploymentId);
  }

  /** markFailed as the build activity's BUILDKIT_NOT_CONFIGURED failure records it. */
  public void failWithoutBuildKit(UUID deploymentId) {
    db.update(
        "update deployments set status = 'failed', finished_at = now(), updated_at = now(), error_phase = 'building',"
            + " error_code = 'BUILDKIT_NOT_CONFIGURED', error_message = 'No BuildKit is configured',"
            + " error_hint = 'Set BUILDKIT_HOST on the worker.', error_log_tail = 'planning build'"
            + " where id = ? and status in ('queued', 'cloning', 'building', 'deploying')",
        deploymentId);
  }

  /**
   * What a deploy that rolled out leaves behind: recordCommit, then markRunning with its image,
   * which makes it the live deployment of its environment (service_environments), as the
   * worker's DeploymentRecordActivities write them.
   */
  public void rollOut(UUID deploymentId, String commitSha, String imageRef) {
    db.update("update deployments set commit_sha = coalesce(commit_sha, ?), updated_at = now() where id = ?",
        commitSha, deploymentId);
    int updated =
        db.update(
            "update deployments set status = 'running', image_ref = ?, finished_at = now(), updated_at = now()"
                + " where id = ? and status in ('queued', 'cloning', 'building', 'deploying')",
            imageRef, deploymentId);
    if (updated != 1) {
      throw new IllegalStateException("deployment " + deploymentId + " is not active");
    }
    db.update(
        "insert into service_environments (service_id, environment, live_deployment_id)"
            + " select service_id, environment, id from deployments where id = ?"
            + " on conflict (service_id, environment)"
            + " do update set live_deployment_id = excluded.live_deployment_id, updated_at = now()",
        deploymentId);
  }

  /** recordImage: the build pushed (or found) the image; the deployment goes on to deploying. */
  public void recordImage(UUID deploymentId, String imageRef) {
    db.update("update deployments set image_ref = ?, build_skipped = false, updated_at = now() where id = ?",
        imageRef, deploymentId);
  }

  /** markFailed as a rollout failure records it (the live deployment stays where it was). */
  public void failRollout(UUID deploymentId, String code) {
    db.update(
        "update deployments set status = 'failed', finished_at = now(), updated_at = now(), error_phase = 'deploying',"
            + " error_code = ?, error_message = 'the container keeps crashing', error_hint = 'Fix the crash.',"
            + " error_log_tail = 'panic: boom' where id = ? and status in ('queued', 'cloning', 'building', 'deploying')",
        code, deploymentId);
  }

  /** Polls until the condition holds (or fails the test after the timeout). */
  public static void await(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}
