package io.deploymcp.store.support;

import io.deploymcp.embedded.EmbeddedPostgres;
import io.deploymcp.store.Migrations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One real PostgreSQL per test JVM with this module's migrations applied, plus small builders
 * for the rows a test needs (tenant, service, deployment). Tests make their own tenants, so
 * they never see each other's rows.
 */
public final class TestDatabase {
  private static EmbeddedPostgres postgres;
  private static DataSource dataSource;

  private TestDatabase() {}

  public static synchronized DataSource dataSource() {
    if (dataSource == null) {
      postgres = EmbeddedPostgres.startTemporary();
      Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "test-postgres-stop"));
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setUrl(postgres.jdbcUrl());
      ds.setUser(postgres.user());
      Flyway.configure().dataSource(ds).locations(Migrations.LOCATION).load().migrate();
      dataSource = ds;
    }
    return dataSource;
  }

  public static UUID tenant() {
    UUID id = UUID.randomUUID();
    update("insert into tenants (id, name) values (?, ?)", id, "t-" + id);
    return id;
  }

  public static UUID service(UUID tenantId) {
    UUID project = UUID.randomUUID();
    update("insert into projects (id, tenant_id, name) values (?, ?, ?)", project, tenantId, "p-" + project);
    UUID id = UUID.randomUUID();
    update(
        "insert into services (id, tenant_id, project_id, name, repo, branch, build_pack, port, cpu_millis, memory_mib, kind)"
            + " values (?, ?, ?, ?, 'https://example.com/r.git', 'main', 'railpack', 8080, 250, 256, 'web')",
        id, tenantId, project, "s-" + id);
    return id;
  }

  public static UUID deployment(UUID tenantId, UUID serviceId) {
    UUID id = UUID.randomUUID();
    update(
        "insert into deployments (id, tenant_id, service_id, environment, requested_ref, status, workflow_id)"
            + " values (?, ?, ?, 'production', 'main', 'building', ?)",
        id, tenantId, serviceId, "deploy-" + id);
    return id;
  }

  public static long count(String sql, Object... args) {
    try (Connection c = dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static int update(String sql, Object... args) {
    try (Connection c = dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
  }
}
