package io.deploymcp.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.store.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * V11: a change's MCP session events are appended at its commit, so a write transaction holds
 * no session row locked while it runs its other statements (docs/benchmarks.md §(m)).
 */
class McpSessionEventsAtCommitTest {
  @Test
  void aCreateLocksTheTenantsSessionsOnlyAtItsCommit() throws SQLException {
    UUID tenant = TestDatabase.tenant();
    String session = session(tenant);
    try (Connection writer = TestDatabase.dataSource().getConnection();
        Connection other = TestDatabase.dataSource().getConnection()) {
      writer.setAutoCommit(false);
      UUID project = UUID.randomUUID();
      update(writer, "insert into projects (id, tenant_id, name) values (?, ?, ?)", project, tenant, "p-" + project);
      update(writer,
          "insert into services (id, tenant_id, project_id, name, repo, branch, build_pack, port, cpu_millis, memory_mib, kind)"
              + " values (?, ?, ?, ?, 'https://example.com/r.git', 'main', 'railpack', 8080, 250, 256, 'web')",
          UUID.randomUUID(), tenant, project, "s-" + project);

      // The create is still open: another writer of the same tenant is not kept waiting.
      other.setAutoCommit(false);
      update(other, "set local lock_timeout = '200ms'");
      assertThat(update(other, "update mcp_sessions set last_used_at = now() where id = ?", session)).isOne();
      other.rollback();
      assertThat(TestDatabase.count("select count(*) from mcp_session_events where session_id = ?", session)).isZero();

      writer.commit();
    }
    assertThat(TestDatabase.count(
        "select count(*) from mcp_session_events where session_id = ? and seq = 1"
            + " and method = 'notifications/resources/list_changed'", session)).isOne();
  }

  private static String session(UUID tenant) {
    UUID key = UUID.randomUUID();
    TestDatabase.update(
        "insert into api_keys (id, tenant_id, prefix, key_hash, scopes) values (?, ?, ?, ?, '{read}')",
        key, tenant, "dp_" + key.toString().substring(0, 8), key.toString().getBytes());
    String id = "session-" + key;
    TestDatabase.update(
        "insert into mcp_sessions (id, api_key_id, tenant_id, protocol_version, client_name, client_version)"
            + " values (?, ?, ?, '2025-11-25', 'test', '1')",
        id, key, tenant);
    return id;
  }

  private static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      return st.executeUpdate();
    }
  }
}
