package io.deploymcp.api.service;

import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.auth.KeyRestriction;
import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.db.Database;
import io.deploymcp.api.deployment.DeploymentRows;
import io.deploymcp.api.paging.Page;
import io.deploymcp.api.paging.PageRequest;
import io.deploymcp.api.validation.CpuQuantity;
import io.deploymcp.api.validation.MemoryQuantity;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * services rows. Reads see live services (deleted_at is null) of one tenant only, each with
 * its latest deployment and, per environment, the live deployment and the newest failure, from
 * lateral joins: one indexed query per page, no N+1.
 */
@Singleton
public class ServiceRepository {
  public static final String NAME_UNIQUE = "services_name_unique";

  private static final String SELECT =
      "select s.id, s.name, p.name as project, s.repo, s.branch, s.root_dir, s.build_pack, s.port,"
          + " s.cpu_millis, s.memory_mib, s.kind, s.schedule, s.health_check_path, s.dockerfile_path,"
          + " s.github_installation_id, s.watch_paths, s.webhook_secret_cipher is not null as webhook_secret_set,"
          + " s.created_at, s.updated_at, d.*, pl.*, vl.*, pf.*, vf.*"
          + " from services s join projects p on p.id = s.project_id"
          + " left join lateral (select " + DeploymentRows.columns("d_")
          + " from deployments d where d.service_id = s.id order by d.created_at desc, d.id desc limit 1) d on true"
          + live("production", "pl_") + live("preview", "vl_")
          + lastFailure("production", "pf_") + lastFailure("preview", "vf_");

  private final Database db;
  private final String appsDomain;

  /** The live deployment of one environment (service_environments, written by the worker). */
  private static String live(String environment, String prefix) {
    String alias = prefix.substring(0, prefix.length() - 1);
    return " left join lateral (select se.live_deployment_id as " + prefix + "id, se.updated_at as " + prefix + "since,"
        + " ld.commit_sha as " + prefix + "commit_sha, ld.image_ref as " + prefix + "image_ref"
        + " from service_environments se join deployments ld on ld.id = se.live_deployment_id"
        + " where se.service_id = s.id and se.environment = '" + environment + "') " + alias + " on true";
  }

  /** The newest failed deployment of one environment. */
  private static String lastFailure(String environment, String prefix) {
    String alias = prefix.substring(0, prefix.length() - 1);
    return " left join lateral (select fd.id as " + prefix + "id, fd.error_phase as " + prefix + "phase,"
        + " fd.error_code as " + prefix + "code, fd.error_message as " + prefix + "message,"
        + " fd.error_hint as " + prefix + "hint, coalesce(fd.finished_at, fd.updated_at) as " + prefix + "at"
        + " from deployments fd where fd.service_id = s.id and fd.environment = '" + environment + "'"
        + " and fd.status = 'failed' order by fd.created_at desc, fd.id desc limit 1) " + alias + " on true";
  }

  public ServiceRepository(Database db, ApiConfig config) {
    this.db = db;
    this.appsDomain = config.appsDomain();
  }

  public Optional<ServiceView> find(UUID tenantId, String name) {
    return db.read(c -> find(c, tenantId, name));
  }

  /**
   * The caller's service of this name, refused with KEY_RESTRICTED when it exists but lies
   * outside the caller's key restriction: the one lookup every operation on a named service
   * goes through.
   */
  public Optional<ServiceView> find(Caller caller, String name) {
    Optional<ServiceView> found = find(caller.tenantId(), name);
    found.ifPresent(s -> caller.restriction().check(s.name(), s.project()));
    return found;
  }

  public Optional<ServiceView> find(Connection c, UUID tenantId, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(SELECT + " where s.tenant_id = ? and s.name = ? and s.deleted_at is null")) {
      ps.setObject(1, tenantId);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  /** By name, optionally within one project; the cursor is the last name. */
  public Page<ServiceView> list(UUID tenantId, String project, PageRequest page) {
    return list(tenantId, project, KeyRestriction.NONE, page);
  }

  /** As {@link #list(UUID, String, PageRequest)}, only the services a key restriction admits. */
  public Page<ServiceView> list(UUID tenantId, String project, KeyRestriction restriction, PageRequest page) {
    return db.read(
        c -> {
          String sql =
              SELECT
                  + " where s.tenant_id = ? and s.deleted_at is null"
                  + (project == null ? "" : " and p.name = ?")
                  + (restriction.project() == null ? "" : " and p.name = ?")
                  + (restriction.services() == null ? "" : " and s.name = any (?)")
                  + (page.first() ? "" : " and s.name > ?")
                  + " order by s.name limit ?";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setObject(i++, tenantId);
            if (project != null) {
              ps.setString(i++, project);
            }
            if (restriction.project() != null) {
              ps.setString(i++, restriction.project());
            }
            if (restriction.services() != null) {
              ps.setArray(i++, c.createArrayOf("text", restriction.services().toArray()));
            }
            if (!page.first()) {
              ps.setString(i++, page.after().getFirst());
            }
            ps.setInt(i, page.limit() + 1);
            List<ServiceView> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                rows.add(read(rs));
              }
            }
            return page.page(rows, s -> List.of(s.name()));
          }
        });
  }

  /** Who a service belongs to, as MCP resources need it; {@code deleted} once it is gone. */
  public record Identity(UUID id, UUID tenantId, String name, String project, boolean deleted) {}

  private static final String IDENTITY =
      "select s.id, s.tenant_id, s.name, p.name as project, s.deleted_at is not null as deleted"
          + " from services s join projects p on p.id = s.project_id";

  /** The service with this id, live or deleted; empty when the row is gone (an undone create). */
  public Optional<Identity> identity(UUID id) {
    return db.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(IDENTITY + " where s.id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(identity(rs)) : Optional.empty();
            }
          }
        });
  }

  /** Every live service of every tenant (the MCP resource registry starts from it). */
  public List<Identity> liveIdentities() {
    return db.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(IDENTITY + " where s.deleted_at is null")) {
            List<Identity> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(identity(rs));
              }
            }
            return out;
          }
        });
  }

  private static Identity identity(ResultSet rs) throws SQLException {
    return new Identity(
        rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class), rs.getString("name"),
        rs.getString("project"), rs.getBoolean("deleted"));
  }

  /** Whether any tenant's live service has this name (names are global: each is a subdomain). */
  public boolean nameInUse(String name) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("select 1 from services where name = ? and deleted_at is null")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  public void insert(Connection c, UUID id, UUID tenantId, UUID projectId, ServiceSpec spec) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into services (id, tenant_id, project_id, name, repo, branch, root_dir, build_pack, port,"
                + " cpu_millis, memory_mib, kind, schedule, health_check_path, dockerfile_path,"
                + " github_installation_id, watch_paths)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setObject(1, id);
      ps.setObject(2, tenantId);
      ps.setObject(3, projectId);
      ps.setString(4, spec.name().value());
      setSpec(ps, 5, spec);
      ps.executeUpdate();
    }
  }

  /** Writes every mutable column; returns false when the service is gone. */
  public boolean update(Connection c, UUID id, ServiceSpec spec) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "update services set repo = ?, branch = ?, root_dir = ?, build_pack = ?, port = ?,"
                + " cpu_millis = ?, memory_mib = ?, kind = ?, schedule = ?, health_check_path = ?,"
                + " dockerfile_path = ?, github_installation_id = ?, watch_paths = ?,"
                + " updated_at = now() where id = ? and deleted_at is null")) {
      int next = setSpec(ps, 1, spec);
      ps.setObject(next, id);
      return ps.executeUpdate() == 1;
    }
  }

  /** Marks the service deleted (it vanishes from reads, its name is free); returns its id. */
  public Optional<UUID> markDeleted(Connection c, UUID tenantId, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "update services set deleted_at = now(), updated_at = now()"
                + " where tenant_id = ? and name = ? and deleted_at is null returning id")) {
      ps.setObject(1, tenantId);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
      }
    }
  }

  /** The tenant's service of that name marked deleted at or after {@code since}, newest first. */
  public Optional<UUID> findDeletedSince(UUID tenantId, String name, java.time.Instant since) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "select id from services where tenant_id = ? and name = ? and deleted_at >= ?"
                      + " order by deleted_at desc limit 1")) {
            ps.setObject(1, tenantId);
            ps.setString(2, name);
            ps.setObject(3, java.time.OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
          }
        });
  }

  /** Undoes {@link #markDeleted} when the cleanup workflow could not start. */
  public void restore(Connection c, UUID id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("update services set deleted_at = null where id = ?")) {
      ps.setObject(1, id);
      ps.executeUpdate();
    }
  }

  /** Removes a service whose first deploy could not start (compensation). */
  public void delete(Connection c, UUID id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("delete from services where id = ?")) {
      ps.setObject(1, id);
      ps.executeUpdate();
    }
  }

  public String url(String name) {
    return "https://" + name + "." + appsDomain;
  }

  /** The preview environment's URL: the reserved {@code preview-} prefix keeps it apart from every service name. */
  public String previewUrl(String name) {
    return "https://preview-" + name + "." + appsDomain;
  }

  /** Stores (or, with null, removes) the per-service webhook secret, already encrypted. */
  public boolean setWebhookSecret(Connection c, UUID tenantId, UUID id, byte[] sealed) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "update services set webhook_secret_cipher = ?, updated_at = now()"
                + " where id = ? and tenant_id = ? and deleted_at is null")) {
      ps.setBytes(1, sealed);
      ps.setObject(2, id);
      ps.setObject(3, tenantId);
      return ps.executeUpdate() == 1;
    }
  }

  private static int setSpec(PreparedStatement ps, int i, ServiceSpec spec) throws SQLException {
    ps.setString(i++, spec.repo().value());
    ps.setString(i++, spec.branch().value());
    ps.setString(i++, spec.rootDir().value());
    ps.setString(i++, spec.buildPack().wireName());
    ps.setInt(i++, spec.port().value());
    ps.setInt(i++, spec.cpu().millis());
    ps.setInt(i++, spec.memory().mebibytes());
    ps.setString(i++, spec.kind().wireName());
    ps.setString(i++, spec.schedule() == null ? null : spec.schedule().value());
    ps.setString(i++, spec.healthCheckPath() == null ? null : spec.healthCheckPath().value());
    ps.setString(i++, spec.dockerfilePath().value());
    ps.setObject(i++, spec.githubInstallationId() == null ? null : spec.githubInstallationId().value(), Types.BIGINT);
    ps.setArray(i++, ps.getConnection().createArrayOf("text", spec.watchPaths().values().toArray(String[]::new)));
    return i;
  }

  private ServiceView read(ResultSet rs) throws SQLException {
    String name = rs.getString("name");
    // Only web services get a Service and an Ingress, hence a URL per environment.
    boolean web = "web".equals(rs.getString("kind"));
    return new ServiceView(
        rs.getObject("id", UUID.class),
        name,
        rs.getString("project"),
        url(name),
        rs.getString("repo"),
        rs.getString("branch"),
        rs.getString("root_dir"),
        rs.getString("build_pack"),
        rs.getInt("port"),
        new CpuQuantity(rs.getInt("cpu_millis")).format(),
        new MemoryQuantity(rs.getInt("memory_mib")).format(),
        rs.getString("kind"),
        rs.getString("schedule"),
        rs.getString("health_check_path"),
        rs.getString("dockerfile_path"),
        rs.getObject("github_installation_id", Long.class),
        List.of((String[]) rs.getArray("watch_paths").getArray()),
        rs.getBoolean("webhook_secret_set"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant(),
        DeploymentRows.read(rs, "d_", name),
        new ServiceEnvironments(
            environment(rs, "pl_", "pf_", web ? url(name) : null),
            environment(rs, "vl_", "vf_", web ? previewUrl(name) : null)));
  }

  private static EnvironmentView environment(ResultSet rs, String live, String failed, String url) throws SQLException {
    UUID failedId = rs.getObject(failed + "id", UUID.class);
    EnvironmentFailure failure =
        failedId == null
            ? null
            : new EnvironmentFailure(
                failedId, rs.getString(failed + "phase"), rs.getString(failed + "code"),
                rs.getString(failed + "message"), rs.getString(failed + "hint"), instant(rs.getTimestamp(failed + "at")));
    return new EnvironmentView(
        url, rs.getObject(live + "id", UUID.class), rs.getString(live + "commit_sha"), rs.getString(live + "image_ref"),
        instant(rs.getTimestamp(live + "since")), failure);
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
