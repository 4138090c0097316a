package io.deploymcp.api.deployment;

import io.deploymcp.api.db.Database;
import io.deploymcp.api.paging.Page;
import io.deploymcp.api.paging.PageRequest;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.workflows.DeploymentStatus;
import io.deploymcp.workflows.WorkflowIds;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * deployments rows. Every read is scoped by tenant and hides deployments of deleted services,
 * so another tenant's deployment is simply not found.
 */
@Singleton
public class DeploymentRepository {
  private static final String SELECT =
      "select " + DeploymentRows.columns("") + ", s.name as service_name, s.id as service_id"
          + " from deployments d join services s on s.id = d.service_id";

  private final Database db;

  public DeploymentRepository(Database db) {
    this.db = db;
  }

  /** A found deployment with the ids an operation on it needs. */
  public record Found(DeploymentView view, UUID serviceId) {}

  /** Inserts a {@code queued} deployment started through the API; see the overload. */
  public void insertQueued(
      Connection c, UUID id, UUID tenantId, UUID serviceId, String environment, String requestedRef)
      throws SQLException {
    insertQueued(c, id, tenantId, serviceId, environment, requestedRef, DeployTrigger.API);
  }

  /** Inserts a {@code queued} deployment whose workflow id derives from its id. */
  public void insertQueued(
      Connection c, UUID id, UUID tenantId, UUID serviceId, String environment, String requestedRef,
      DeployTrigger trigger)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into deployments (id, tenant_id, service_id, environment, requested_ref, status, workflow_id, trigger)"
                + " values (?, ?, ?, ?, ?, 'queued', ?, ?)")) {
      ps.setObject(1, id);
      ps.setObject(2, tenantId);
      ps.setObject(3, serviceId);
      ps.setString(4, environment);
      ps.setString(5, requestedRef);
      ps.setString(6, WorkflowIds.deploy(id));
      ps.setString(7, trigger.wireName());
      ps.executeUpdate();
    }
  }

  /**
   * Inserts a {@code queued} deployment that runs the image of {@code sourceId} (a publish or
   * rollback): commit, image and build configuration are copied from the source row in the same
   * statement, so the new row names exactly the image that ran. The source must be a deployment
   * of the same service that ran ({@code running}) with an image; returns false when it is not.
   */
  public boolean insertFromSource(
      Connection c, UUID id, UUID serviceId, UUID sourceId, String environment, DeployTrigger trigger)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into deployments (id, tenant_id, service_id, environment, requested_ref, status, workflow_id,"
                + " trigger, commit_sha, image_ref, build_config, build_skipped, source_deployment_id)"
                + " select ?, src.tenant_id, src.service_id, ?, coalesce(src.commit_sha, src.requested_ref), 'queued', ?,"
                + " ?, src.commit_sha, src.image_ref, src.build_config, true, src.id"
                + " from deployments src"
                + " where src.id = ? and src.service_id = ? and src.status = 'running' and src.image_ref is not null")) {
      ps.setObject(1, id);
      ps.setString(2, environment);
      ps.setString(3, WorkflowIds.deploy(id));
      ps.setString(4, trigger.wireName());
      ps.setObject(5, sourceId);
      ps.setObject(6, serviceId);
      return ps.executeUpdate() == 1;
    }
  }

  /** Removes a deployment whose workflow never started (compensation). */
  public void delete(Connection c, UUID id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("delete from deployments where id = ?")) {
      ps.setObject(1, id);
      ps.executeUpdate();
    }
  }

  public Optional<Found> find(UUID tenantId, UUID id) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(SELECT + " where d.id = ? and d.tenant_id = ? and s.deleted_at is null")) {
            ps.setObject(1, id);
            ps.setObject(2, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(
                      new Found(
                          DeploymentRows.read(rs, "", rs.getString("service_name")),
                          rs.getObject("service_id", UUID.class)))
                  : Optional.empty();
            }
          }
        });
  }

  public DeploymentView get(UUID tenantId, UUID id) {
    return find(tenantId, id).orElseThrow(() -> ApiProblem.notFound("Deployment " + id)).view();
  }

  /** Newest first; the cursor is (created_at, id) of the last row. */
  public Page<DeploymentView> listForService(UUID serviceId, String serviceName, PageRequest page) {
    return db.read(
        c -> {
          String sql =
              "select " + DeploymentRows.columns("") + " from deployments d where d.service_id = ?"
                  + (page.first() ? "" : " and (d.created_at, d.id) < (?, ?)")
                  + " order by d.created_at desc, d.id desc limit ?";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setObject(i++, serviceId);
            if (!page.first()) {
              try {
                ps.setTimestamp(i++, Timestamp.from(Instant.parse(page.after().get(0))));
                ps.setObject(i++, UUID.fromString(page.after().get(1)));
              } catch (RuntimeException e) {
                throw PageRequest.invalidCursor();
              }
            }
            ps.setInt(i, page.limit() + 1);
            List<DeploymentView> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                rows.add(DeploymentRows.read(rs, "", serviceName));
              }
            }
            return page.page(rows, d -> List.of(d.createdAt().toString(), d.id().toString()));
          }
        });
  }

  /**
   * Records cancellation directly, for a deployment whose workflow no longer runs. Returns
   * false when it reached a terminal state meanwhile.
   */
  public boolean markCancelledIfActive(UUID id) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "update deployments set status = 'cancelled', finished_at = now(), updated_at = now()"
                      + " where id = ? and status in ('queued', 'cloning', 'building', 'deploying')")) {
            ps.setObject(1, id);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /** The newest deployment of a service, the one the logs endpoint reads by default. */
  public Optional<UUID> latestId(UUID serviceId) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select id from deployments where service_id = ? order by created_at desc, id desc limit 1")) {
            ps.setObject(1, serviceId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
          }
        });
  }

  public static boolean isTerminal(DeploymentView view) {
    return DeploymentStatus.fromWireName(view.status()).isTerminal();
  }
}
