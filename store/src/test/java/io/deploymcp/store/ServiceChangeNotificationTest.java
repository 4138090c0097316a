package io.deploymcp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.store.support.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** V5: every write that changes what a service shows notifies dp_service_changed with its id. */
class ServiceChangeNotificationTest {
  private Connection listener;

  @BeforeEach
  void listen() throws SQLException {
    listener = TestDatabase.dataSource().getConnection();
    try (Statement st = listener.createStatement()) {
      st.execute("listen dp_service_changed");
    }
  }

  @AfterEach
  void close() throws SQLException {
    listener.close();
  }

  /** Payloads received within a short wait (other tests' writes may be among them). */
  private List<String> received() throws SQLException {
    List<String> out = new ArrayList<>();
    PGNotification[] batch = listener.unwrap(PGConnection.class).getNotifications(2000);
    while (batch != null && batch.length > 0) {
      for (PGNotification n : batch) {
        out.add(n.getParameter());
      }
      batch = listener.unwrap(PGConnection.class).getNotifications(200);
    }
    return out;
  }

  @Test
  void serviceRowsDeploymentsEnvAndLiveDeploymentsNotifyTheServiceId() throws SQLException {
    UUID tenant = TestDatabase.tenant();
    UUID service = TestDatabase.service(tenant);
    assertThat(received()).contains(service.toString());

    UUID deployment = TestDatabase.deployment(tenant, service);
    assertThat(received()).contains(service.toString());

    // What the worker does from its own process: a status change.
    TestDatabase.update("update deployments set status = 'running' where id = ?", deployment);
    assertThat(received()).contains(service.toString());

    TestDatabase.update(
        "insert into env_vars (service_id, key, value_cipher) values (?, 'A', '\\x00'::bytea)", service);
    assertThat(received()).contains(service.toString());

    TestDatabase.update(
        "insert into service_environments (service_id, environment, live_deployment_id) values (?, 'production', ?)",
        service, deployment);
    assertThat(received()).contains(service.toString());

    TestDatabase.update("update services set deleted_at = now() where id = ?", service);
    assertThat(received()).contains(service.toString());
  }

  @Test
  void aLogLineNotifiesNothing() throws SQLException {
    UUID tenant = TestDatabase.tenant();
    UUID service = TestDatabase.service(tenant);
    UUID deployment = TestDatabase.deployment(tenant, service);
    received();
    TestDatabase.update(
        "insert into deployment_logs (deployment_id, seq, tenant_id, type, line) values (?, 1, ?, 'build', 'x')",
        deployment, tenant);
    assertThat(received()).doesNotContain(service.toString());
  }

  @Test
  void aKeyRestrictionListsOneToAHundredServices() {
    UUID tenant = TestDatabase.tenant();
    String insert =
        "insert into api_keys (id, tenant_id, prefix, key_hash, scopes, services) values (?, ?, ?, ?, '{read}', ?::text[])";
    assertThatThrownBy(
            () -> TestDatabase.update(insert, UUID.randomUUID(), tenant, "p" + UUID.randomUUID(), new byte[] {1}, "{}"))
        .hasMessageContaining("api_keys_services_bounded");
    assertThat(TestDatabase.update(insert, UUID.randomUUID(), tenant, "p" + UUID.randomUUID(), new byte[] {2}, "{a,b}"))
        .isEqualTo(1);
  }
}
