package io.deploymcp.api.db;

import java.sql.SQLException;

/** PostgreSQL SQLSTATE codes the API reacts to. */
public final class SqlStates {
  public static final String UNIQUE_VIOLATION = "23505";

  private SqlStates() {}

  public static boolean isUniqueViolation(SQLException e, String constraint) {
    if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
      return false;
    }
    String message = String.valueOf(e.getMessage());
    return constraint == null || message.contains("\"" + constraint + "\"");
  }

  /**
   * Connection-level failures (class 08), a server shutting down under the session (57P01
   * admin_shutdown, 57P02 crash_shutdown: what a PostgreSQL restart does to every open session,
   * crash/'s PostgresRestartIT) and "cannot connect now" (57P03, starting up).
   */
  public static boolean isUnavailable(SQLException e) {
    String state = e.getSQLState();
    return state == null || state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
        || state.equals("57P03");
  }
}
