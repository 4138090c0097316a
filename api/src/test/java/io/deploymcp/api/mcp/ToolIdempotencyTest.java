package io.deploymcp.api.mcp;

import static io.deploymcp.api.support.McpClients.call;
import static io.deploymcp.api.support.McpClients.structured;
import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.api.auth.ApiKeys;
import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.McpClients;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.Tenants;
import io.deploymcp.api.support.TestStack;
import io.modelcontextprotocol.client.McpSyncClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** idempotency_key: the REST Idempotency-Key store and rules, for tool calls. */
@QuarkusTest
@WithTestResource(TestStack.class)
class ToolIdempotencyTest {
  @Inject DataSource dataSource;

  private Db db;
  private McpSyncClient client;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
    client = McpClients.connect(TestStack.BOOTSTRAP_KEY);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private long deploymentsOf(String name) {
    return db.count("select count(*) from deployments d join services s on s.id = d.service_id where s.name = ?", name);
  }

  @Test
  void aRetryWithTheSameKeyReplaysTheFirstResultAndStartsNothingNew() {
    String name = Names.unique("mcp-idem");
    call(client, "create_service", Map.of("name", name, "repo", "https://github.com/org/" + name));
    String key = "redeploy-" + UUID.randomUUID();
    Map<String, Object> args = new HashMap<>(Map.of("service", name, "branch", "feature", "idempotency_key", key));

    Map<String, Object> first = structured(call(client, "redeploy", args));
    args.put("wait_seconds", 0); // how long a caller waits is not part of the call
    Map<String, Object> again = structured(call(client, "redeploy", args));
    assertThat(again.get("id")).isEqualTo(first.get("id"));
    assertThat(deploymentsOf(name)).isEqualTo(2);
    assertThat(db.count("select count(*) from audit_log where action = 'deployment.create' and target = ?",
        "services/" + name + "/deploys")).as("a replay is no new action").isEqualTo(1);
  }

  @Test
  void theSameKeyForAnotherCallIsRefused() {
    String name = Names.unique("mcp-idem");
    call(client, "create_service", Map.of("name", name, "repo", "https://github.com/org/" + name));
    String key = "k-" + UUID.randomUUID();
    call(client, "set_env", Map.of("service", name, "key", "A", "value", "1", "idempotency_key", key));
    Map<String, Object> reused =
        structured(call(client, "set_env", Map.of("service", name, "key", "A", "value", "2", "idempotency_key", key)));
    assertThat(reused).containsEntry("code", "IDEMPOTENCY_KEY_REUSED");

    String restKey = "rest-" + UUID.randomUUID();
    Api.admin().header("Idempotency-Key", restKey).post("/v1/services/" + name + "/deploys").then().statusCode(202);
    Map<String, Object> crossed =
        structured(call(client, "redeploy", Map.of("service", name, "idempotency_key", restKey)));
    assertThat(crossed).containsEntry("code", "IDEMPOTENCY_KEY_REUSED");
    assertThat(deploymentsOf(name)).isEqualTo(2);
  }

  @Test
  void aRefusedCallIsReplayedAsTheSameRefusal() {
    String key = "bad-" + UUID.randomUUID();
    Map<String, Object> args = Map.of("name", "Bad_Name", "repo", "https://github.com/org/x", "idempotency_key", key);
    Map<String, Object> first = structured(call(client, "create_service", args));
    Map<String, Object> again = structured(call(client, "create_service", args));
    assertThat(first).containsEntry("code", "INVALID_NAME");
    assertThat(again).isEqualTo(first);
  }

  @Test
  void anotherKeysCallWithTheSameIdempotencyKeyRunsOnItsOwn() {
    String name = Names.unique("mcp-idem-own");
    call(client, "create_service", Map.of("name", name, "repo", "https://github.com/org/" + name));
    String key = "shared-" + UUID.randomUUID();
    Map<String, Object> args = Map.of("service", name, "idempotency_key", key);
    Map<String, Object> first = structured(call(client, "redeploy", args));

    String restricted = new Tenants(db).defaultTenantKey("deploy");
    db.update("update api_keys set services = ?::text[] where prefix = ?", "{" + Names.unique("elsewhere") + "}",
        ApiKeys.prefixOf(restricted));
    McpSyncClient other = McpClients.connect(restricted);
    try {
      // It replayed the first key's deployment; now the restricted key's own call is refused.
      Map<String, Object> theirs = structured(call(other, "redeploy", args));
      assertThat(theirs).containsEntry("code", "KEY_RESTRICTED").doesNotContainValue(first.get("id"));
    } finally {
      other.close();
    }
    assertThat(deploymentsOf(name)).isEqualTo(2);
    assertThat(structured(call(client, "redeploy", args)).get("id")).as("the first key still replays").isEqualTo(first.get("id"));
  }
}
