package io.deploymcp.worker.build;

import io.deploymcp.store.SecretCipher;
import io.deploymcp.store.SecretDecryptionException;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.worker.config.SecretKeyHolder;
import io.deploymcp.worker.failure.ActivityFailures;
import io.deploymcp.worker.failure.WorkerFailureCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads a deployment's build inputs and records what the build produced. */
@Component
public class BuildInputsRepository {
  private final JdbcClient db;
  private final SecretKeyHolder secretKey;

  public BuildInputsRepository(JdbcClient db, SecretKeyHolder secretKey) {
    this.db = db;
    this.secretKey = secretKey;
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
        env(inputs.serviceId()));
  }

  private record Row(String key, byte[] cipher, boolean secret) {}

  private List<BuildInputs.EnvValue> env(UUID serviceId) {
    List<Row> rows =
        db.sql("select key, value_cipher, secret from env_vars where service_id = :s order by key")
            .param("s", serviceId)
            .query((rs, n) -> new Row(rs.getString("key"), rs.getBytes("value_cipher"), rs.getBoolean("secret")))
            .list();
    if (rows.isEmpty()) {
      return List.of();
    }
    SecretCipher cipher =
        secretKey
            .cipher()
            .orElseThrow(
                () ->
                    ActivityFailures.permanent(
                        WorkerFailureCodes.SECRET_KEY_MISSING,
                        "the service has environment variables but the worker cannot decrypt them: "
                            + secretKey.problem().orElse("no key"),
                        "Give the worker the same DP_SECRET_KEY as the API and deploy again."));
    List<BuildInputs.EnvValue> values = new ArrayList<>();
    for (Row row : rows) {
      try {
        values.add(
            new BuildInputs.EnvValue(
                row.key(), cipher.decrypt(row.cipher(), serviceId + ":" + row.key()), row.secret()));
      } catch (SecretDecryptionException e) {
        throw ActivityFailures.permanent(
            WorkerFailureCodes.SECRET_KEY_MISSING,
            "the value of " + row.key() + " does not decrypt under the worker's DP_SECRET_KEY",
            "Give the worker the same DP_SECRET_KEY as the API, or set the variable again.");
      }
    }
    return values;
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
