package io.deploymcp.api.temporal;

import io.deploymcp.api.db.Database;
import io.deploymcp.api.problem.ApiProblem;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Starts the workflows an API process committed to but never started: every write that needs a
 * workflow commits first and starts it second, so an API killed in between (SIGKILL, OOM, a node
 * lost) leaves a deployment {@code queued} with no workflow to run it, or a deleted service whose
 * objects nobody removes. Every DP_LAUNCH_RECONCILE_INTERVAL (30 s) it starts the workflow of
 * each deployment still queued DP_LAUNCH_RECONCILE_AFTER (30 s) after it was written, and the
 * cleanup of each service deleted between that long and an hour ago. Workflow ids derive from the
 * rows and starts are REJECT_DUPLICATE, so a workflow that runs (or ran) already is left alone:
 * every replica may run this, and a race with the request's own start is harmless.
 */
@Singleton
public class LaunchReconciler {
  private static final Logger LOG = Logger.getLogger(LaunchReconciler.class);
  /** At most this many of each kind per round: a backlog drains over rounds, not in one burst. */
  static final int BATCH = 100;
  /** Deleted longer ago than this: Temporal may have forgotten the cleanup that ran; leave it. */
  static final Duration DELETED_WITHIN = Duration.ofHours(1);

  private final Database db;
  private final WorkflowLauncher launcher;
  private final Duration interval;
  private final Duration after;
  private ScheduledExecutorService scheduler;

  public LaunchReconciler(
      Database db,
      WorkflowLauncher launcher,
      @ConfigProperty(name = "dp.launch-reconcile.interval", defaultValue = "30s") Duration interval,
      @ConfigProperty(name = "dp.launch-reconcile.after", defaultValue = "30s") Duration after) {
    if (!interval.isPositive() || after.isNegative()) {
      throw new IllegalStateException(
          "DP_LAUNCH_RECONCILE_INTERVAL must be positive and DP_LAUNCH_RECONCILE_AFTER not negative (now "
              + interval + ", " + after + ")");
    }
    this.db = db;
    this.launcher = launcher;
    this.interval = interval;
    this.after = after;
  }

  void start(@Observes StartupEvent event) {
    scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("launch-reconciler").factory());
    scheduler.scheduleWithFixedDelay(this::reconcile, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  /** One round; returns how many workflows it asked Temporal to start (already running ones included). */
  int reconcile() {
    int asked = 0;
    try {
      for (DeployLaunch launch : queuedDeployments()) {
        launcher.startDeploy(launch);
        asked++;
      }
      for (DeletedService deleted : deletedServices()) {
        launcher.startDelete(deleted.tenantId(), deleted.serviceId(), deleted.serviceName(), deleted.tenantName());
        asked++;
      }
    } catch (ApiProblem | IllegalStateException e) {
      // Temporal or the database is down: the next round tries again.
      LOG.debugf("launch reconciliation stopped for this round: %s", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warnf("launch reconciliation failed: %s", e.toString());
    }
    return asked;
  }

  record DeletedService(UUID tenantId, String tenantName, UUID serviceId, String serviceName) {}

  private List<DeployLaunch> queuedDeployments() {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select d.id, d.tenant_id, t.name as tenant_name, d.service_id, s.name as service_name, s.repo,"
                      + " d.environment, d.requested_ref, d.image_ref, d.source_deployment_id"
                      + " from deployments d join services s on s.id = d.service_id join tenants t on t.id = d.tenant_id"
                      + " where d.status = 'queued' and d.created_at < now() - make_interval(secs => ?)"
                      + " and s.deleted_at is null order by d.created_at limit ?")) {
            ps.setDouble(1, after.toMillis() / 1000.0);
            ps.setInt(2, BATCH);
            List<DeployLaunch> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                UUID source = rs.getObject("source_deployment_id", UUID.class);
                out.add(
                    new DeployLaunch(
                        rs.getObject("tenant_id", UUID.class), rs.getString("tenant_name"),
                        rs.getObject("service_id", UUID.class), rs.getString("service_name"),
                        rs.getObject("id", UUID.class), rs.getString("repo"), rs.getString("environment"),
                        rs.getString("requested_ref"), source == null ? null : rs.getString("image_ref"), source));
              }
            }
            return out;
          }
        });
  }

  private List<DeletedService> deletedServices() {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select s.id, s.tenant_id, t.name as tenant_name, s.name"
                      + " from services s join tenants t on t.id = s.tenant_id"
                      + " where s.deleted_at < now() - make_interval(secs => ?)"
                      + " and s.deleted_at > now() - make_interval(secs => ?) order by s.deleted_at limit ?")) {
            ps.setDouble(1, after.toMillis() / 1000.0);
            ps.setLong(2, DELETED_WITHIN.toSeconds());
            ps.setInt(3, BATCH);
            List<DeletedService> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new DeletedService(
                        rs.getObject("tenant_id", UUID.class), rs.getString("tenant_name"),
                        rs.getObject("id", UUID.class), rs.getString("name")));
              }
            }
            return out;
          }
        });
  }
}
