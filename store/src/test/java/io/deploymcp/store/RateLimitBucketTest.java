package io.deploymcp.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.store.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** V6's per-key token bucket, {@code dp_rate_limit_take}, and V10's asynchronous commit of it. */
class RateLimitBucketTest {
  @Test
  void takesTokensUntilTheBucketIsEmptyThenSaysHowLongToWait() throws SQLException {
    UUID key = apiKey();
    try (Connection c = TestDatabase.dataSource().getConnection()) {
      assertThat(take(c, key, 2, 0.5)).isZero();
      assertThat(take(c, key, 2, 0.5)).isZero();
      // Empty: one token comes back at 0.5/s, in (almost) 2 s.
      assertThat(take(c, key, 2, 0.5)).isBetween(1.5, 2.0);
    }
  }

  /**
   * Every API request takes a token: a commit that waited for a WAL flush while the bucket row is
   * locked queued all of a key's requests one flush after another (docs/benchmarks.md §(m)).
   */
  @Test
  void commitsItsOwnTransactionWithoutWaitingForTheWalFlush() throws SQLException {
    UUID key = apiKey();
    try (Connection c = TestDatabase.dataSource().getConnection()) {
      execute(c, "set synchronous_commit = on");
      c.setAutoCommit(false);
      take(c, key, 10, 10);
      assertThat(show(c)).isEqualTo("off");
      c.commit();
      // Local to the transaction: the session's own setting is back for the next one.
      assertThat(show(c)).isEqualTo("on");
      c.setAutoCommit(true);
    }
  }

  private static UUID apiKey() {
    UUID tenant = TestDatabase.tenant();
    UUID key = UUID.randomUUID();
    TestDatabase.update(
        "insert into api_keys (id, tenant_id, prefix, key_hash, scopes) values (?, ?, ?, ?, '{read}')",
        key, tenant, "dp_" + key.toString().substring(0, 8), key.toString().getBytes());
    return key;
  }

  private static double take(Connection c, UUID key, double capacity, double perSecond) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("select dp_rate_limit_take(?, ?, ?)")) {
      st.setObject(1, key);
      st.setDouble(2, capacity);
      st.setDouble(3, perSecond);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getDouble(1);
      }
    }
  }

  private static String show(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("show synchronous_commit")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
