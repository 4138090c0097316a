package io.deploymcp.worker.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serializes the namespace-level work of one project across every worker replica: a
 * PostgreSQL session advisory lock keyed on the namespace, in the platform database all
 * workers share. The apply of a deployment ("ensure the project objects, apply the service's")
 * and the removal of a service ("delete its objects, delete the namespace if it was the last,
 * wait until the namespace is gone") each hold it, so a removal can never delete a namespace a
 * racing first deploy of another service is writing into, and a deploy never writes into a
 * namespace that is being deleted. The rollout watch does not hold it.
 *
 * <p>Each lock is taken on a connection of its own, opened for it and closed after ({@code
 * connections} is not a pool): closing the connection ends the session, which releases the
 * lock even when the unlock could not be sent, and lock holders never take connections from the
 * worker's pool — waiters holding pooled connections while the holder needs one for its fence
 * would starve the pool.
 */
public class ProjectLocks {
  private static final Logger log = LoggerFactory.getLogger(ProjectLocks.class);
  /** PostgreSQL's {@code lock_not_available}: the lock_timeout ran out. */
  private static final String LOCK_NOT_AVAILABLE = "55P03";
  /** How long one blocking wait lasts before the waiter reports progress (a heartbeat). */
  static final Duration WAIT_STEP = Duration.ofSeconds(2);

  private final DataSource connections;

  /** @param connections opens a new database session per call (not a pool, see above) */
  public ProjectLocks(DataSource connections) {
    this.connections = Objects.requireNonNull(connections, "connections");
  }

  /** The project's namespace is busy with another operation for longer than the caller may wait. */
  public static final class BusyException extends RuntimeException {
    public BusyException(String message) {
      super(message);
    }
  }

  /**
   * Runs {@code work} while holding the lock of {@code namespace}. Waits at most {@code maxWait}
   * for it, calling {@code waiting} with a short status every {@link #WAIT_STEP} meanwhile (the
   * activity heartbeats with it; if it throws, the wait stops and rethrows).
   *
   * @throws BusyException the lock was not free within {@code maxWait}
   * @throws IllegalStateException the database could not be reached
   */
  public <T> T withLock(String namespace, Duration maxWait, Consumer<String> waiting, Supplier<T> work) {
    long key = key(namespace);
    long deadline = System.nanoTime() + maxWait.toNanos();
    try (Connection connection = connections.getConnection()) {
      connection.setAutoCommit(true);
      try (Statement s = connection.createStatement()) {
        // Applies to the advisory lock wait: the wait returns every step, so it can report.
        s.execute("set lock_timeout = '" + WAIT_STEP.toMillis() + "ms'");
      }
      long started = System.nanoTime();
      while (!tryLock(connection, key)) {
        if (System.nanoTime() - deadline >= 0) {
          throw new BusyException(
              "namespace " + namespace + " was busy with another operation for " + maxWait.toSeconds() + " s");
        }
        waiting.accept(
            "waiting " + Duration.ofNanos(System.nanoTime() - started).toSeconds()
                + " s for another operation on namespace " + namespace);
      }
      try {
        return work.get();
      } finally {
        unlock(connection, key, namespace);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the project lock of namespace " + namespace + " failed: " + e.getMessage(), e);
    }
  }

  /** Blocks up to {@link #WAIT_STEP}; false when the lock_timeout ran out. */
  private static boolean tryLock(Connection connection, long key) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_lock(?)")) {
      lock.setLong(1, key);
      lock.execute();
      return true;
    } catch (SQLException e) {
      if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  private static void unlock(Connection connection, long key, String namespace) {
    try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?)")) {
      unlock.setLong(1, key);
      unlock.execute();
    } catch (SQLException e) {
      // Closing the connection right after ends the session, which releases the lock anyway.
      log.warn("unlocking namespace {} failed ({}); the session's end releases it", namespace, e.getMessage());
    }
  }

  /**
   * The advisory lock key of a namespace: 64 bits of SHA-256 over a prefix and the name, so it
   * does not collide with other advisory locks of the database by accident (and a collision
   * between two namespaces would only serialize them, never break anything).
   */
  static long key(String namespace) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("deploy-mcp/namespace/" + namespace).getBytes(StandardCharsets.UTF_8));
      long key = 0;
      for (int i = 0; i < 8; i++) {
        key = (key << 8) | (digest[i] & 0xFF);
      }
      return key;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
