package io.deploymcp.api.db;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Plain JDBC over the Agroal pool: {@link #read} runs in auto-commit, {@link #transaction}
 * commits on success and rolls back on any exception. SQL errors become an {@link ApiProblem}
 * (503 when the database is unreachable, else 500) without the SQL text reaching the caller.
 */
@Singleton
public class Database {
  private static final Logger LOG = Logger.getLogger(Database.class);

  private final DataSource dataSource;

  public Database(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public <T> T read(SqlWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  public <T> T transaction(SqlWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  /**
   * Like {@link #transaction} but hands SQL errors back raw, for callers that react to a
   * specific one (e.g. a unique violation).
   */
  public <T> T transactionRaw(SqlWork<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  public static ApiProblem translate(SQLException e) {
    if (SqlStates.isUnavailable(e)) {
      LOG.warnf("database unavailable: %s", e.getMessage());
      return new ApiProblem(ProblemCode.DATABASE_UNAVAILABLE, "The database is unreachable");
    }
    LOG.errorf(e, "database error (SQLSTATE %s)", e.getSQLState());
    return new ApiProblem(ProblemCode.INTERNAL_ERROR, "A database operation failed");
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // The original failure is what matters; the pool discards a broken connection.
    }
  }
}
