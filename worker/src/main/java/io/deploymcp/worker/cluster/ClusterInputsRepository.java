package io.deploymcp.worker.cluster;

import io.deploymcp.worker.failure.ActivityFailures;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads what the cluster activities need from the control-plane database. */
@Component
public class ClusterInputsRepository {
  private static final String SELECT =
      """
      select s.id as service_id, t.name as tenant, p.name as project, s.name as service, s.kind,
             s.schedule, s.port, s.cpu_millis, s.memory_mib, s.health_check_path, d.environment,
             d.commit_sha, d.status
        from deployments d
        join services s on s.id = d.service_id
        join projects p on p.id = s.project_id
        join tenants t on t.id = s.tenant_id
      """;

  private final JdbcClient db;

  public ClusterInputsRepository(JdbcClient db) {
    this.db = db;
  }

  ClusterInputs load(UUID deploymentId) {
    return db.sql(SELECT + " where d.id = :id")
        .param("id", deploymentId)
        .query(
            (rs, n) ->
                new ClusterInputs(
                    rs.getObject("service_id", UUID.class),
                    rs.getString("tenant"),
                    rs.getString("project"),
                    rs.getString("service"),
                    rs.getString("kind"),
                    rs.getString("schedule"),
                    rs.getInt("port"),
                    rs.getInt("cpu_millis"),
                    rs.getInt("memory_mib"),
                    rs.getString("health_check_path"),
                    rs.getString("environment"),
                    rs.getString("commit_sha"),
                    rs.getString("status")))
        .optional()
        .orElseThrow(() -> ActivityFailures.deploymentNotFound(deploymentId));
  }

  /** Whether the deployment may still change the cluster: not superseded, cancelled or finished. */
  boolean isCurrent(UUID deploymentId) {
    return db.sql("select status = 'deploying' from deployments where id = :id")
        .param("id", deploymentId)
        .query(Boolean.class)
        .optional()
        .orElse(false);
  }

  /** The image the deployment runs (by digest), recorded when its build pushed it. */
  String imageOf(UUID deploymentId) {
    return db.sql("select image_ref from deployments where id = :id")
        .param("id", deploymentId)
        .query(String.class)
        .optional()
        .orElseThrow(() -> ActivityFailures.deploymentNotFound(deploymentId));
  }

  record ServiceNames(String tenant, String project, String service) {}

  /** Tenant, project and name of a service, deleted or not; empty when there is no such row. */
  Optional<ServiceNames> names(UUID serviceId) {
    return db.sql(
            """
            select t.name, p.name, s.name from services s
              join projects p on p.id = s.project_id join tenants t on t.id = s.tenant_id
             where s.id = :id
            """)
        .param("id", serviceId)
        .query((rs, n) -> new ServiceNames(rs.getString(1), rs.getString(2), rs.getString(3)))
        .optional();
  }
}
