package io.deploymcp.worker.support;

import io.deploymcp.embedded.EmbeddedPostgres;
import io.deploymcp.store.Migrations;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * One real PostgreSQL per test JVM with the store's migrations applied, as the API would
 * leave it. Tests create their own tenants and services, so they never see each other's rows.
 */
public final class TestDatabase {
  private static EmbeddedPostgres postgres;
  private static DataSource dataSource;

  private TestDatabase() {}

  public static synchronized DataSource dataSource() {
    if (dataSource == null) {
      postgres = EmbeddedPostgres.startTemporary();
      Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "test-postgres-stop"));
      dataSource = new DriverManagerDataSource(postgres.jdbcUrl(), postgres.user(), "");
      Flyway.configure()
          .dataSource(dataSource)
          .locations(Migrations.LOCATION)
          .load()
          .migrate();
    }
    return dataSource;
  }

  public static JdbcClient jdbc() {
    return JdbcClient.create(dataSource());
  }

  public static String url() {
    dataSource();
    return postgres.jdbcUrl();
  }

  public static String user() {
    dataSource();
    return postgres.user();
  }
}
