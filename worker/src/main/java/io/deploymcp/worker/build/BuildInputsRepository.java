package io.deploymcp.worker.build;

import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.worker.env.ServiceEnv;
import io.deploymcp.worker.failure.ActivityFailures;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads a deployment's build inputs and records what the build produced. */
@Component
public class BuildInputsRepository {
  private final JdbcClient db;
  private final ServiceEnv env;

  public BuildInputsRepository(JdbcClient db, ServiceEnv env) {
    this.db = db;
    this.env = env;
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

  /** The image is in the registry: remember it on the deployment before anything else runs. */
  void recordImage(UUID deploymentId, String imageRef, boolean skipped, String buildConfig) {
    db.sql(
            """
            update deployments set image_ref = :image, build_skipped = :skipped,
                   build_config = :config, updated_at = now()
             where id = :id
            """)
        .param("image", imageRef)
        .param("skipped", skipped)
        .param("config", buildConfig)
        .param("id", deploymentId)
        .update();
  }
}
