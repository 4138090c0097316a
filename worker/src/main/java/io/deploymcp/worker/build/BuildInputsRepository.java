package io.deploymcp.worker.build;

import io.deploymcp.store.registrygc.CollectedImages;
import io.deploymcp.store.registrygc.ImageDigestRef;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.worker.env.ServiceEnv;
import io.deploymcp.worker.failure.ActivityFailures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads a deployment's build inputs and records what the build produced. */
@Component
public class BuildInputsRepository {
  private final JdbcClient db;
  private final ServiceEnv env;
  private final DataSource dataSource;

  public BuildInputsRepository(JdbcClient db, ServiceEnv env, DataSource dataSource) {
    this.db = db;
    this.env = env;
    this.dataSource = dataSource;
  }

  BuildInputs load(UUID deploymentId) {
    BuildInputs inputs =
        db.sql(
                """
                select s.tenant_id, s.id as service_id, t.name as tenant, p.name as project,
                       s.name as service, s.build_pack, s.root_dir, s.dockerfile_path, s.port,
                       s.deleted_at is not null as deleted
                  from deployments d
                  join services s on s.id = d.service_id
                  join projects p on p.id = s.project_id
                  join tenants t on t.id = s.tenant_id
                 where d.id = :id
                """)
            .param("id", deploymentId)
            .query(
                (rs, n) -> {
                  if (rs.getBoolean("deleted")) {
                    throw ActivityFailures.permanent(
                        FailureCodes.SERVICE_GONE,
                        "the service was deleted",
                        "Nothing to build: create the service again first.");
                  }
                  return new BuildInputs(
                      rs.getObject("tenant_id", UUID.class),
                      rs.getObject("service_id", UUID.class),
                      rs.getString("tenant"),
                      rs.getString("project"),
                      rs.getString("service"),
                      rs.getString("build_pack"),
                      rs.getString("root_dir"),
                      rs.getString("dockerfile_path"),
                      rs.getInt("port"),
                      List.of());
                })
            .optional()
            .orElseThrow(() -> ActivityFailures.deploymentNotFound(deploymentId));
    return new BuildInputs(
        inputs.tenantId(),
        inputs.serviceId(),
        inputs.tenantName(),
        inputs.projectName(),
        inputs.serviceName(),
        inputs.buildPack(),
        inputs.rootDir(),
        inputs.dockerfilePath(),
        inputs.port(),
        env.load(inputs.serviceId()));
  }

  /**
   * The build was skipped because the registry has this image: remember it on the deployment,
   * unless registry garbage collection was granted to delete it (then the manifest may be gone
   * or going, and the caller builds instead; returns false). Read under the claims lock shared,
   * so no claim of this image is granted between the check and the record.
   */
  boolean recordReusedImage(UUID deploymentId, String imageRef, String buildConfig) {
    return inTransaction(c -> {
      Optional<ImageDigestRef> image = ImageDigestRef.parse(imageRef);
      if (image.isPresent()) {
        CollectedImages.lockForUse(c);
        if (CollectedImages.isCollected(c, image.get())) {
          return false;
        }
      }
      update(c, deploymentId, imageRef, true, buildConfig);
      return true;
    });
  }

  /**
   * The build pushed the image: remember it on the deployment before anything else runs. A
   * digest that registry garbage collection once took exists again now, so it is no longer
   * counted as collected.
   */
  void recordBuiltImage(UUID deploymentId, String imageRef, String buildConfig) {
    inTransaction(c -> {
      Optional<ImageDigestRef> image = ImageDigestRef.parse(imageRef);
      if (image.isPresent()) {
        CollectedImages.lockForUse(c);
        CollectedImages.forget(c, image.get());
      }
      update(c, deploymentId, imageRef, false, buildConfig);
      return true;
    });
  }

  private static void update(Connection c, UUID deploymentId, String imageRef, boolean skipped, String buildConfig)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "update deployments set image_ref = ?, build_skipped = ?, build_config = ?, updated_at = now() where id = ?")) {
      ps.setString(1, imageRef);
      ps.setBoolean(2, skipped);
      ps.setString(3, buildConfig);
      ps.setObject(4, deploymentId);
      ps.executeUpdate();
    }
  }

  private interface Work {
    boolean run(Connection c) throws SQLException;
  }

  private boolean inTransaction(Work work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        boolean result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      // Retryable: the activity attempt is retried by the workflow, and the image is in the registry.
      throw ActivityFailures.transientFailure(
          FailureCodes.INTERNAL_ERROR, "could not record the image on the deployment (SQLSTATE " + e.getSQLState() + ")",
          "Deploy again; the registry already has the image, so the build is skipped.");
    }
  }
}
