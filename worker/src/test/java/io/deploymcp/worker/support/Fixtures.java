package io.deploymcp.worker.support;

import io.deploymcp.store.SecretCipher;
import io.deploymcp.workflows.WorkflowIds;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Inserts the rows the API would have written before starting a workflow. */
public final class Fixtures {
  private final JdbcClient db = TestDatabase.jdbc();

  public UUID tenant() {
    UUID id = UUID.randomUUID();
    db.sql("insert into tenants (id, name) values (:id, :name)")
        .param("id", id)
        .param("name", "tenant-" + id)
        .update();
    return id;
  }

  public UUID service(UUID tenant, String repo, String branch) {
    UUID project =
        db.sql(
                """
                insert into projects (id, tenant_id, name) values (:id, :t, 'default')
                on conflict (tenant_id, name) do update set name = excluded.name
                returning id
                """)
            .param("id", UUID.randomUUID())
            .param("t", tenant)
            .query(UUID.class)
            .single();
    UUID id = UUID.randomUUID();
    db.sql(
            """
            insert into services (id, tenant_id, project_id, name, repo, branch, build_pack, port,
                                  cpu_millis, memory_mib, kind)
            values (:id, :t, :p, :name, :repo, :branch, 'railpack', 8080, 250, 256, 'web')
            """)
        .param("id", id)
        .param("t", tenant)
        .param("p", project)
        .param("name", "svc-" + id.toString().substring(0, 8))
        .param("repo", repo)
        .param("branch", branch)
        .update();
    return id;
  }

  /** A queued deployment; {@code requestedRef} is the branch or commit the caller asked for. */
  public UUID deployment(UUID tenant, UUID service, String environment, String requestedRef) {
    UUID id = UUID.randomUUID();
    db.sql(
            """
            insert into deployments (id, tenant_id, service_id, environment, requested_ref, status,
                                     workflow_id, created_at)
            values (:id, :t, :s, :env, :ref, 'queued', :wf, clock_timestamp())
            """)
        .param("id", id)
        .param("t", tenant)
        .param("s", service)
        .param("env", environment)
        .param("ref", requestedRef)
        .param("wf", WorkflowIds.deploy(id))
        .update();
    return id;
  }

  public void setStatus(UUID deployment, String status) {
    db.sql("update deployments set status = :s where id = :id")
        .param("s", status)
        .param("id", deployment)
        .update();
  }

  public void envVar(UUID service, String key, String value, SecretCipher cipher) {
    db.sql("insert into env_vars (service_id, key, value_cipher) values (:s, :k, :v)")
        .param("s", service)
        .param("k", key)
        .param("v", cipher.encrypt(value, service + ":" + key))
        .update();
  }

  /** A build variable: {@code secret} ones reach the build as BuildKit secrets, others as build args. */
  public void envVar(UUID service, String key, String value, SecretCipher cipher, boolean secret) {
    db.sql("insert into env_vars (service_id, key, value_cipher, secret) values (:s, :k, :v, :secret)")
        .param("s", service)
        .param("k", key)
        .param("v", cipher.encrypt(value, service + ":" + key))
        .param("secret", secret)
        .update();
  }

  public void deleteEnvVar(UUID service, String key) {
    db.sql("delete from env_vars where service_id = :s and key = :k").param("s", service).param("k", key).update();
  }

  public void buildConfig(UUID service, String buildPack, String rootDir, String dockerfilePath) {
    db.sql(
            """
            update services set build_pack = :pack, root_dir = :root, dockerfile_path = :file
             where id = :id
            """)
        .param("pack", buildPack)
        .param("root", rootDir)
        .param("file", dockerfilePath)
        .param("id", service)
        .update();
  }

  public String serviceName(UUID service) {
    return db.sql("select name from services where id = :id").param("id", service).query(String.class).single();
  }

  /** The deployment serving {@code environment} of the service, or null. */
  public UUID liveDeployment(UUID service, String environment) {
    return db.sql("select live_deployment_id from service_environments where service_id = :s and environment = :e")
        .param("s", service)
        .param("e", environment)
        .query(UUID.class)
        .optional()
        .orElse(null);
  }

  public Boolean buildSkipped(UUID deployment) {
    return db.sql("select build_skipped from deployments where id = :id")
        .param("id", deployment)
        .query(Boolean.class)
        .single();
  }

  /** The deployment's build log, oldest line first. */
  public java.util.List<String> buildLog(UUID deployment) {
    return db.sql("select line from deployment_logs where deployment_id = :id and type = 'build' order by seq")
        .param("id", deployment)
        .query(String.class)
        .list();
  }

  public void gitCredential(UUID tenant, String host, String username, String token, SecretCipher cipher) {
    db.sql(
            "insert into git_credentials (tenant_id, host, username, token_cipher) values (:t, :h, :u, :c)")
        .param("t", tenant)
        .param("h", host)
        .param("u", username)
        .param("c", cipher.encrypt(token, tenant + ":" + host))
        .update();
  }

  public DeploymentRow row(UUID deployment) {
    return db.sql(
            """
            select status, commit_sha, image_ref, cloning_at, building_at, deploying_at,
                   finished_at, error_phase, error_code, error_message, error_hint, error_log_tail
              from deployments where id = :id
            """)
        .param("id", deployment)
        .query(
            (rs, n) ->
                new DeploymentRow(
                    rs.getString("status"),
                    rs.getString("commit_sha"),
                    rs.getString("image_ref"),
                    rs.getObject("cloning_at", OffsetDateTime.class),
                    rs.getObject("building_at", OffsetDateTime.class),
                    rs.getObject("deploying_at", OffsetDateTime.class),
                    rs.getObject("finished_at", OffsetDateTime.class),
                    rs.getString("error_phase"),
                    rs.getString("error_code"),
                    rs.getString("error_message"),
                    rs.getString("error_hint"),
                    rs.getString("error_log_tail")))
        .single();
  }
}
