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
