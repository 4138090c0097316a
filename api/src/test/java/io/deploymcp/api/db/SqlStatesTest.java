package io.deploymcp.api.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which database errors mean "the database is not there now" (503) rather than a bug (500). */
class SqlStatesTest {
  @Test
  void aServerShuttingDownUnderTheSessionIsUnavailable() {
    // What every pooled session gets when PostgreSQL stops (pg_ctl stop -m fast) or crashes.
    assertThat(SqlStates.isUnavailable(new SQLException("terminating connection", "57P01"))).isTrue();
    assertThat(SqlStates.isUnavailable(new SQLException("crash shutdown", "57P02"))).isTrue();
    assertThat(SqlStates.isUnavailable(new SQLException("the database system is starting up", "57P03"))).isTrue();
    assertThat(SqlStates.isUnavailable(new SQLException("connection refused", "08001"))).isTrue();
  }

  @Test
  void errorsOfTheStatementItselfAreNot() {
    assertThat(SqlStates.isUnavailable(new SQLException("duplicate key", "23505"))).isFalse();
    assertThat(SqlStates.isUnavailable(new SQLException("canceling statement due to statement timeout", "57014"))).isFalse();
    assertThat(SqlStates.isUnavailable(new SQLException("syntax error", "42601"))).isFalse();
  }
}
