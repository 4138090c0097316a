package io.deploymcp.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresTest {

  @Test
  void temporaryServerAnswersQueriesAndIsRemovedOnClose() throws Exception {
    Path data;
    try (EmbeddedPostgres pg = EmbeddedPostgres.startTemporary()) {
      data = pg.dataDirectory();
      try (var c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "");
          var rs = c.createStatement().executeQuery("select current_database(), version()")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("deploymcp");
        assertThat(rs.getString(2)).startsWith("PostgreSQL 18");
      }
    }
    assertThat(Files.exists(data)).isFalse();
  }

  @Test
  void persistentClusterKeepsDataAcrossRestarts() throws Exception {
    Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "dp-pg-keep",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Path cluster = dir.resolve("postgres");
    try {
      try (EmbeddedPostgres pg = EmbeddedPostgres.start(cluster, 0);
          var c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "")) {
        c.createStatement().execute("create table kept (v text); insert into kept values ('still here')");
      }
      try (EmbeddedPostgres pg = EmbeddedPostgres.start(cluster, 0);
          var c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "");
          var rs = c.createStatement().executeQuery("select v from kept")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("still here");
      }
    } finally {
      PostgresBinaries.deleteTree(dir);
    }
  }

  @Test
  void refusesAnInstallationWithoutAServer() throws Exception {
    Path empty = Files.createTempDirectory("dp-no-postgres");
    try {
      assertThatThrownBy(() -> EmbeddedPostgres.startTemporary(empty))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("no PostgreSQL server at " + empty + " (bin/postgres missing)");
    } finally {
      Files.delete(empty);
    }
  }
}
