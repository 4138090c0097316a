package io.deploymcp.api.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.deploymcp.api.auth.ApiKeys;
import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.Tenants;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.api.support.Workflows;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Idempotency-Key: the same request replays the first response and starts nothing new. */
@QuarkusTest
@WithTestResource(TestStack.class)
class IdempotencyApiTest {
  @Inject DataSource dataSource;
  @Inject WorkflowClient workflowClient;
  @Inject IdempotencyStore store;

  private Db db;
  private Workflows workflows;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
    workflows = new Workflows(workflowClient);
  }

  private static String body(String name) {
    return "{\"name\": \"" + name + "\", \"repo\": \"https://github.com/org/idem\"}";
  }

  @Test
  void sameKeySameBodyReplaysTheFirstResponseAndStartsNothing() {
    String name = Names.unique("idem");
    String key = UUID.randomUUID().toString();
    Response first = Api.admin().header("Idempotency-Key", key).body(body(name)).post("/v1/services");
    first.then().statusCode(202);
    int open = workflows.openCount();
    long deployments = db.count("select count(*) from deployments");
    long audit = db.count("select count(*) from audit_log");

    Response second = Api.admin().header("Idempotency-Key", key).body(body(name)).post("/v1/services");

    second.then().statusCode(202).header("Idempotent-Replayed", "true");
    assertThat(second.asString()).isEqualTo(first.asString());
    assertThat(db.count("select count(*) from services where name = ?", name)).isEqualTo(1);
    assertThat(db.count("select count(*) from deployments")).isEqualTo(deployments);
    assertThat(workflows.openCount()).isEqualTo(open);
    assertThat(db.count("select count(*) from audit_log")).as("a replay is not a new action").isEqualTo(audit);
    assertThat(db.one("select status from idempotency_keys where key = ?", key)).isEqualTo(202);
  }

  @Test
  void sameKeyDifferentBodyIsRefused() {
    String key = UUID.randomUUID().toString();
    Api.admin().header("Idempotency-Key", key).body(body(Names.unique("idem-a"))).post("/v1/services").then().statusCode(202);
    String other = Names.unique("idem-b");
    Api.admin()
        .header("Idempotency-Key", key)
        .body(body(other))
        .post("/v1/services")
        .then()
        .statusCode(422)
        .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
    assertThat(db.count("select count(*) from services where name = ?", other)).isZero();
  }

  @Test
  void sameKeyOnAnotherPathIsRefused() {
    String name = Names.unique("idem-p");
    String key = UUID.randomUUID().toString();
    Api.admin().header("Idempotency-Key", key).body(body(name)).post("/v1/services").then().statusCode(202);
    Api.admin().header("Idempotency-Key", key).body("{}").post("/v1/services/" + name + "/deploys").then().statusCode(422)
        .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
  }

  @Test
  void replaysRejectionsToo() {
    String key = UUID.randomUUID().toString();
    Api.admin().header("Idempotency-Key", key).body(body("Bad-Name")).post("/v1/services").then().statusCode(422)
        .body("code", equalTo("INVALID_NAME"));
    Api.admin().header("Idempotency-Key", key).body(body("Bad-Name")).post("/v1/services").then().statusCode(422)
        .header("Idempotent-Replayed", "true").body("code", equalTo("INVALID_NAME"));
  }

  @Test
  void concurrentDuplicateWhileTheFirstRunsIsInFlight() {
    // An in-flight claim is a row without a response, as the first request leaves it while it runs.
    String key = UUID.randomUUID().toString();
    String name = Names.unique("idem-f");
    String path = "/v1/services";
    db.update(
        "insert into idempotency_keys (tenant_id, api_key_id, key, request_hash, method, path, expires_at)"
            + " values (?, (select id from api_keys where prefix = ?), ?, ?, 'POST', ?, now() + interval '1 hour')",
        new Tenants(db).tenantId("default"), ApiKeys.prefixOf(TestStack.BOOTSTRAP_KEY), key,
        RequestFingerprint.of("POST", path, body(name).getBytes(java.nio.charset.StandardCharsets.UTF_8)), path);
    Api.admin().header("Idempotency-Key", key).body(body(name)).post(path).then().statusCode(409)
        .body("code", equalTo("IDEMPOTENCY_KEY_IN_FLIGHT"));
    assertThat(db.count("select count(*) from services where name = ?", name)).isZero();
  }

  @Test
  void keysAreScopedToTheTenant() {
    String key = UUID.randomUUID().toString();
    String other = new Tenants(db).newTenantWithKey(Names.unique("idem-tenant"), "deploy");
    Api.admin().header("Idempotency-Key", key).body(body(Names.unique("idem-t1"))).post("/v1/services").then().statusCode(202);
    // The other tenant's identical key is its own: its different request runs.
    Api.as(other).header("Idempotency-Key", key).body(body(Names.unique("idem-t2"))).post("/v1/services").then().statusCode(202);
  }

  @Test
  void aRestrictedKeyDoesNotReplayAnotherKeysResponse() {
    // The same Idempotency-Key from another key of the tenant replayed the first key's stored
    // answer: a key restricted to other services read a create it may not make.
    String name = Names.unique("idem-own");
    String key = UUID.randomUUID().toString();
    Response first = Api.admin().header("Idempotency-Key", key).body(body(name)).post("/v1/services");
    first.then().statusCode(202);
    String restricted = Api.admin()
        .body(Map.of("name", "restricted", "scopes", List.of("deploy"), "services", List.of(Names.unique("elsewhere"))))
        .post("/v1/api-keys").then().statusCode(201).extract().path("key");
    long services = db.count("select count(*) from services");

    Response other = Api.as(restricted).header("Idempotency-Key", key).body(body(name)).post("/v1/services");

    other.then().statusCode(403).header("Idempotent-Replayed", (String) null).body("code", equalTo("KEY_RESTRICTED"));
    assertThat(other.asString()).doesNotContain(first.<String>path("id"));
    assertThat(db.count("select count(*) from services")).isEqualTo(services);
    // Each key keeps its own answer.
    Api.as(restricted).header("Idempotency-Key", key).body(body(name)).post("/v1/services").then().statusCode(403)
        .header("Idempotent-Replayed", "true");
    Response again = Api.admin().header("Idempotency-Key", key).body(body(name)).post("/v1/services");
    again.then().statusCode(202).header("Idempotent-Replayed", "true");
    assertThat(again.asString()).isEqualTo(first.asString());
  }

  @Test
  void anotherKeyOfTheTenantRunsItsOwnRequest() {
    String name = Names.unique("idem-second");
    String key = UUID.randomUUID().toString();
    Api.admin().header("Idempotency-Key", key).body(body(name)).post("/v1/services").then().statusCode(202);
    String second = new Tenants(db).defaultTenantKey("deploy");
    long deployments = db.count("select count(*) from deployments");
    // A fresh execution: the create finds the service it would make (200, existing), instead of
    // the first key's 202 replayed; and a different request is no reuse of the first key's.
    Api.as(second).header("Idempotency-Key", key).body(body(name)).post("/v1/services").then().statusCode(200)
        .header("Idempotent-Replayed", (String) null).body("existing", equalTo(true));
    Api.as(second).header("Idempotency-Key", key).body("{}").post("/v1/services/" + name + "/deploys").then().statusCode(422)
        .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
    assertThat(db.count("select count(*) from deployments")).isEqualTo(deployments);
    assertThat(db.count("select count(*) from idempotency_keys where key = ?", key)).isEqualTo(2);
  }

  @Test
  void deleteWithTheSameKeyDeletesOnce() {
    String name = Names.unique("idem-del");
    Api.admin().body(body(name)).post("/v1/services").then().statusCode(202);
    String key = UUID.randomUUID().toString();
    Response first = Api.admin().header("Idempotency-Key", key).delete("/v1/services/" + name);
    first.then().statusCode(202);
    Response again = Api.admin().header("Idempotency-Key", key).delete("/v1/services/" + name);
    again.then().statusCode(202).header("Idempotent-Replayed", "true");
    assertThat(again.asString()).isEqualTo(first.asString());
  }

  @Test
  void anExpiredKeyRunsTheRequestAgainAndIsPurged() {
    String key = UUID.randomUUID().toString();
    String name = Names.unique("idem-exp");
    Api.admin().header("Idempotency-Key", key).body(body(name)).post("/v1/services").then().statusCode(202);
    db.update("update idempotency_keys set expires_at = now() - interval '1 second' where key = ?", key);
    // Past its 24 h the key is fresh again: the same request runs (and finds the service).
    Api.admin().header("Idempotency-Key", key).body(body(name)).post("/v1/services").then().statusCode(200)
        .header("Idempotent-Replayed", (String) null).body("existing", equalTo(true));
    db.update("update idempotency_keys set expires_at = now() - interval '1 second' where key = ?", key);
    assertThat(store.purgeExpired()).isGreaterThanOrEqualTo(1);
    assertThat(db.count("select count(*) from idempotency_keys where key = ?", key)).isZero();
  }

  @Test
  void refusesUnprintableKeys() {
    Api.admin().header("Idempotency-Key", "x".repeat(256)).body(body(Names.unique("idem-k"))).post("/v1/services")
        .then().statusCode(400).body("code", equalTo("INVALID_IDEMPOTENCY_KEY"));
  }
}
