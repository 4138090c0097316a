package io.deploymcp.api.release;

import io.deploymcp.api.db.Database;
import io.deploymcp.api.deployment.DeploymentRows;
import io.deploymcp.api.deployment.DeploymentView;
import io.deploymcp.api.validation.DeployEnvironment;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.UUID;

/**
 * The reads publish and rollback decide on: the live deployment of an environment (the
 * worker's {@code service_environments}, moved when a rollout succeeds) and production's
 * previous good deployment.
 */
@Singleton
public class ReleaseRepository {
  private static final String LIVE =
      "select " + DeploymentRows.columns("")
          + " from service_environments se join deployments d on d.id = se.live_deployment_id"
          + " where se.service_id = ? and se.environment = ?";

  /*
   * A deployment that ran is 'running' for good: the worker's writes never overwrite a terminal
   * status, and a newer deploy supersedes only active ones. So status 'running' is exactly
   * "rolled out successfully at some point", whether or not it still serves.
   */
  private static final String PREVIOUS_GOOD =
      "select " + DeploymentRows.columns("")
          + " from service_environments se join deployments live on live.id = se.live_deployment_id"
          + " join deployments d on d.service_id = se.service_id and d.environment = se.environment"
          + " where se.service_id = ? and se.environment = 'production'"
          + " and d.status = 'running' and d.image_ref is not null"
          + " and d.image_ref <> coalesce(live.image_ref, '')"
          + " and (d.created_at, d.id) < (live.created_at, live.id)"
          + " order by d.created_at desc, d.id desc limit 1";

  /** Whether production's newest deployment is not the live one: a later attempt failed, was
   * cancelled or is under way, and the cluster may hold its spec while the live one serves. */
  private static final String HEAD_IS_NOT_LIVE =
      "select exists (select 1 from service_environments se"
          + " join deployments live on live.id = se.live_deployment_id"
          + " join deployments d on d.service_id = se.service_id and d.environment = se.environment"
          + " where se.service_id = ? and se.environment = 'production'"
          + " and (d.created_at, d.id) > (live.created_at, live.id))";

  private static final String ACTIVE =
      "select exists (select 1 from deployments where service_id = ? and environment = ?"
          + " and status in ('queued', 'cloning', 'building', 'deploying'))";

  private final Database db;

  public ReleaseRepository(Database db) {
    this.db = db;
  }

  /** The deployment that serves the environment now, if any rollout there ever succeeded. */
  public Optional<DeploymentView> live(UUID serviceId, String serviceName, DeployEnvironment environment) {
    return one(LIVE, serviceName, serviceId, environment.wireName());
  }

  /**
   * Production's previous good deployment: the newest one created before the live deployment
   * that ran, with an image other than the live one's (rolling back to the same digest would
   * change nothing). Empty when production has no live deployment.
   */
  public Optional<DeploymentView> previousGood(UUID serviceId, String serviceName) {
    return one(PREVIOUS_GOOD, serviceName, serviceId);
  }

  /**
   * Whether a production deployment newer than the live one exists (failed, cancelled or still
   * running its course): then a rollback restores the live one, which still serves, and makes
   * the cluster's Deployment point at it again.
   */
  public boolean headIsNotLive(UUID serviceId) {
    return db.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(HEAD_IS_NOT_LIVE)) {
            ps.setObject(1, serviceId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getBoolean(1);
            }
          }
        });
  }

  /** Whether a deploy to the environment is queued or under way (it would replace the live one). */
  public boolean hasActive(UUID serviceId, DeployEnvironment environment) {
    return db.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(ACTIVE)) {
            ps.setObject(1, serviceId);
            ps.setString(2, environment.wireName());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getBoolean(1);
            }
          }
        });
  }

  private Optional<DeploymentView> one(String sql, String serviceName, Object... args) {
    return db.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
              ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(DeploymentRows.read(rs, "", serviceName)) : Optional.empty();
            }
          }
        });
  }
}
