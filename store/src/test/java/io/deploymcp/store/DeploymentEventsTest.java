package io.deploymcp.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.store.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** V12: deployment_events from status changes and appends, numbered per deployment, notified. */
class DeploymentEventsTest {
  private Connection listener;

  @BeforeEach
  void listen() throws SQLException {
    listener = TestDatabase.dataSource().getConnection();
    try (Statement st = listener.createStatement()) {
      st.execute("listen dp_deployment_event");
    }
  }

  @AfterEach
  void close() throws SQLException {
    listener.close();
  }

  private List<String> received() throws SQLException {
    List<String> out = new ArrayList<>();
    PGNotification[] batch = listener.unwrap(PGConnection.class).getNotifications(1000);
    while (batch != null && batch.length > 0) {
      for (PGNotification n : batch) {
        out.add(n.getParameter());
      }
      batch = listener.unwrap(PGConnection.class).getNotifications(100);
    }
    return out;
  }

  private static List<String> events(UUID deployment) throws SQLException {
    try (Connection c = TestDatabase.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(
            "select seq || ' ' || kind || ' ' || coalesce(data->>'status', '') || ' ' || coalesce(data->'error'->>'code', '')"
                + " from deployment_events where deployment_id = ? order by seq")) {
      ps.setObject(1, deployment);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1).strip());
        }
      }
      return out;
    }
  }

  @Test
  void everyStatusChangeIsAPhaseAndTheEndAlsoTheResultWithItsError() throws SQLException {
    UUID tenant = TestDatabase.tenant();
    UUID service = TestDatabase.service(tenant);
    UUID deployment = TestDatabase.deployment(tenant, service);
    assertThat(received()).contains(deployment.toString());
    // The insert was the first phase (TestDatabase inserts it building).
    TestDatabase.update("update deployments set status = 'deploying' where id = ?", deployment);
    // Not a status change: no event.
    TestDatabase.update("update deployments set commit_sha = 'abc', updated_at = now() where id = ?", deployment);
    TestDatabase.update("update deployments set status = 'failed', error_phase = 'building', error_code = 'BUILD_FAILED',"
        + " error_message = 'exit 1' where id = ?", deployment);

    assertThat(events(deployment)).containsExactly(
        "1 phase building", "2 phase deploying", "3 phase failed", "4 result failed BUILD_FAILED");
    assertThat(received()).contains(deployment.toString());
  }

  @Test
  void concurrentAppendsGetConsecutiveSeqsAndLogLinesNotifyToo() throws Exception {
    UUID tenant = TestDatabase.tenant();
    UUID service = TestDatabase.service(tenant);
    UUID deployment = TestDatabase.deployment(tenant, service);
    received();
    // 20 threads of their own (not the common pool, which may have one on two cores): real contention.
    List<CompletableFuture<Long>> appends = IntStream.range(0, 20).mapToObj(i -> CompletableFuture.supplyAsync(() ->
        TestDatabase.count("select dp_append_deployment_event(?, 'rollout', '{\"ready\": 0}'::jsonb)", deployment),
        Thread::startVirtualThread))
        .toList();
    appends.forEach(CompletableFuture::join);
    assertThat(events(deployment)).hasSize(21).extracting(e -> Integer.parseInt(e.split(" ")[0]))
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 21).boxed().toList());
    received();

    TestDatabase.update("insert into deployment_logs (deployment_id, seq, tenant_id, type, line)"
        + " values (?, 1, ?, 'build', 'a'), (?, 2, ?, 'build', 'b')", deployment, tenant, deployment, tenant);
    assertThat(received()).as("one notification for the statement").containsOnlyOnce(deployment.toString());
  }
}
