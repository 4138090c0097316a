package io.deploymcp.worker.record;

import io.deploymcp.worker.failure.ActivityFailures;
import io.deploymcp.worker.failure.WorkerFailureCodes;
import io.deploymcp.workflows.DeploymentStatus;
import io.deploymcp.workflows.activities.DeploymentFailure;
import io.deploymcp.workflows.activities.DeploymentRecordActivities;
import io.deploymcp.worker.metrics.DeployMetrics;
import io.temporal.activity.Activity;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The deployment's progress in the {@code deployments} table. Every write is one conditional
 * statement, so a terminal status (running, failed, cancelled, superseded) is never
 * overwritten, whichever workflow gets there first, and a retried activity changes nothing
 * twice.
 */
@Component("deploymentRecordActivities")
public class DeploymentRecordActivitiesImpl implements DeploymentRecordActivities {
  private static final Logger log = LoggerFactory.getLogger(DeploymentRecordActivitiesImpl.class);
  private static final String ACTIVE = "('queued', 'cloning', 'building', 'deploying')";
  private static final String SUPERSEDE_OLDER =
      """
      update deployments older
         set status = 'superseded', finished_at = now(), updated_at = now()
        from deployments self
       where self.id = :id
         and older.service_id = self.service_id
         and older.environment = self.environment
         and (older.created_at, older.id) < (self.created_at, self.id)
         and older.status in %s
      returning older.id, older.environment
      """
          .formatted(ACTIVE);
  private static final int MAX_MESSAGE = 4_000;
  private static final int MAX_LOG_TAIL = 16_000;

  private final JdbcClient db;
  private final DeployMetrics metrics;

  /** Counts into a registry of its own: for tests that build the activities by hand. */
  public DeploymentRecordActivitiesImpl(JdbcClient db) {
    this(db, DeployMetrics.unregistered());
  }

  @Autowired
  public DeploymentRecordActivitiesImpl(JdbcClient db, DeployMetrics metrics) {
    this.db = db;
    this.metrics = metrics;
  }

  @Override
  public List<UUID> supersedeOlder(UUID deploymentId) {
    // The workflow's first activity: how long the deployment waited for a worker.
    double waited =
        db.sql("select extract(epoch from now() - created_at)::float8 from deployments where id = :id")
            .param("id", deploymentId)
            .query(Double.class)
            .optional()
            .orElseThrow(() -> notFound(deploymentId));
    if (firstAttempt()) {
      // A retry would measure the retry's own delay again.
      metrics.queueWait(Duration.ofNanos((long) (waited * 1e9)));
    }
    // (created_at, id) orders deployments totally, so two deploys created in the same
    // instant cannot supersede each other.
    List<Finished> rows =
        db.sql(SUPERSEDE_OLDER)
            .param("id", deploymentId)
            .query((rs, n) -> new Finished(rs.getObject(1, UUID.class), rs.getString(2)))
            .list();
    rows.forEach(row -> metrics.finished("superseded", null, row.environment()));
    List<UUID> superseded = rows.stream().map(Finished::id).toList();
    if (!superseded.isEmpty()) {
      log.info("deployment {} supersedes {}", deploymentId, superseded);
    }
    return superseded;
  }

  @Override
  public boolean enterPhase(UUID deploymentId, DeploymentStatus phase) {
    String stamp =
        switch (phase) {
          case CLONING -> "cloning_at";
          case BUILDING -> "building_at";
          case DEPLOYING -> "deploying_at";
          case QUEUED, RUNNING, FAILED, CANCELLED, SUPERSEDED ->
              throw ActivityFailures.permanent(
                  "INVALID_PHASE", phase + " is not a phase", "This is a bug in the workflow.");
        };
    // coalesce: a retried call keeps the time the phase really started.
    int updated =
        db.sql(
                "update deployments set status = :status, "
                    + stamp
                    + " = coalesce("
                    + stamp
                    + ", now()), updated_at = now() where id = :id and status in "
                    + ACTIVE)
            .param("status", phase.wireName())
            .param("id", deploymentId)
            .update();
    if (updated == 1) {
      return true;
    }
    requireExists(deploymentId);
    return false;
  }

  @Override
  public void recordCommit(UUID deploymentId, String commitSha) {
    int updated =
        db.sql("update deployments set commit_sha = :sha, updated_at = now() where id = :id")
            .param("sha", commitSha)
            .param("id", deploymentId)
            .update();
    if (updated == 0) {
      throw notFound(deploymentId);
    }
  }

  @Override
  public void markRunning(UUID deploymentId, String imageRef) {
    // One statement, so no reader sees the deployment running while the service still names the
    // previous one as live. The insert's select reads the snapshot before the update, hence
    // "or marked": also on a retry whose first attempt set the status and failed before the
    // pointer moved. (PostgreSQL runs a data-modifying WITH part even when nothing reads it.)
    List<String> marked =
        db.sql(
                """
                with marked as (
                  update deployments set status = 'running', image_ref = :image,
                         finished_at = now(), updated_at = now()
                   where id = :id and status in """
                    + ACTIVE
                    + """

                  returning id, environment),
                live as (
                  insert into service_environments (service_id, environment, live_deployment_id)
                  select service_id, environment, id from deployments
                   where id = :id and (status = 'running' or id in (select id from marked))
                  on conflict (service_id, environment)
                  do update set live_deployment_id = excluded.live_deployment_id, updated_at = now()
                  returning 1)
                select environment from marked
                """)
            .param("image", imageRef)
            .param("id", deploymentId)
            .query(String.class)
            .list();
    // Counted only when this call made the row terminal: a retry finds it running already.
    marked.forEach(environment -> metrics.finished("succeeded", null, environment));
    if (marked.isEmpty()) {
      log.info("deployment {} was already finished; not marking it running anew", deploymentId);
    }
  }

  @Override
  public void markFailed(UUID deploymentId, DeploymentFailure failure) {
    db.sql(
            """
            update deployments
               set status = 'failed', finished_at = now(), updated_at = now(),
                   error_phase = :phase, error_code = :code, error_message = :message,
                   error_hint = :hint, error_log_tail = :logTail
             where id = :id and status in """
                + ACTIVE
                + " returning environment")
        .param("phase", failure.phase())
        .param("code", failure.code())
        .param("message", head(failure.message(), MAX_MESSAGE))
        .param("hint", head(failure.hint(), MAX_MESSAGE))
        .param("logTail", tail(failure.logTail(), MAX_LOG_TAIL))
        .param("id", deploymentId)
        .query(String.class)
        .list()
        .forEach(environment -> metrics.finished("failed", failure.code(), environment));
  }

  @Override
  public void markCancelled(UUID deploymentId) {
    // Only active rows: a deployment superseded first stays superseded.
    db.sql(
            "update deployments set status = 'cancelled', finished_at = now(), updated_at = now()"
                + " where id = :id and status in "
                + ACTIVE
                + " returning environment")
        .param("id", deploymentId)
        .query(String.class)
        .list()
        .forEach(environment -> metrics.finished("cancelled", null, environment));
  }

  @Override
  public List<UUID> cancelActiveDeployments(UUID serviceId) {
    List<Finished> rows =
        db.sql(
                "update deployments set status = 'cancelled', finished_at = now(), updated_at = now()"
                    + " where service_id = :service and status in "
                    + ACTIVE
                    + " returning id, environment")
            .param("service", serviceId)
            .query((rs, n) -> new Finished(rs.getObject(1, UUID.class), rs.getString(2)))
            .list();
    rows.forEach(row -> metrics.finished("cancelled", null, row.environment()));
    return rows.stream().map(Finished::id).toList();
  }

  /** A row this call made terminal. */
  private record Finished(UUID id, String environment) {}

  private static boolean firstAttempt() {
    try {
      return Activity.getExecutionContext().getInfo().getAttempt() == 1;
    } catch (IllegalStateException notAnActivity) {
      return true;
    }
  }

  private void requireExists(UUID deploymentId) {
    boolean exists =
        db.sql("select exists (select 1 from deployments where id = :id)")
            .param("id", deploymentId)
            .query(Boolean.class)
            .single();
    if (!exists) {
      throw notFound(deploymentId);
    }
  }

  private static RuntimeException notFound(UUID deploymentId) {
    // Retryable: the API commits the row before it starts the workflow, but a lagging
    // replica or clock should not fail a deploy at once. The workflow bounds the retries.
    return ActivityFailures.transientFailure(
        WorkerFailureCodes.DEPLOYMENT_NOT_FOUND,
        "deployment " + deploymentId + " does not exist",
        "Deploy again; if it keeps happening, the API and worker use different databases"
            + " (check DP_DATABASE_URL on both).");
  }

  private static String head(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }

  private static String tail(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(text.length() - max);
  }
}
