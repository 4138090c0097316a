package io.deploymcp.api.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.Tenants;
import io.deploymcp.api.support.TestStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** API keys: shown once, stored as a hash, scoped, revocable; the bootstrap key is idempotent. */
@QuarkusTest
@WithTestResource(TestStack.class)
class ApiKeyApiTest {
  @Inject DataSource dataSource;
  @Inject BootstrapKey bootstrap;

  @Test
  void aNewKeyIsShownOnceAndOnlyItsHashIsStored() {
    Db db = new Db(dataSource);
    JsonPath created =
        Api.admin().body(Map.of("name", "ci", "scopes", java.util.List.of("read", "deploy"))).post("/v1/api-keys")
            .then().statusCode(201).extract().jsonPath();
    String key = created.getString("key");
    assertThat(key).matches("dpk_[a-z0-9]{8}_[A-Za-z0-9]{40}");
    assertThat(created.getString("prefix")).isEqualTo(key.substring(0, 12));
    assertThat(created.getList("scopes", String.class)).containsExactly("read", "deploy");

    UUID id = UUID.fromString(created.getString("id"));
    assertThat((byte[]) db.one("select key_hash from api_keys where id = ?", id)).isEqualTo(ApiKeys.hash(key));
    assertThat(db.count("select count(*) from api_keys where prefix = ? or name = ? or key_hash = ?", key, key, key.getBytes()))
        .as("the plain key is stored nowhere")
        .isZero();
    assertThat(db.count("select count(*) from idempotency_keys where response_body like ?", "%" + key + "%")).isZero();

    String listing = Api.admin().get("/v1/api-keys").then().statusCode(200).extract().asString();
    assertThat(listing).contains(created.getString("prefix")).doesNotContain(key);

    Api.as(key).get("/v1/whoami").then().statusCode(200)
        .body("tenant", equalTo("default"))
        .body("key_prefix", equalTo(key.substring(0, 12)))
        .body("scopes", contains("read", "deploy"));
  }

  @Test
  void idempotentReplayOfKeyCreationNeverShowsTheKeyAgain() {
    Db db = new Db(dataSource);
    String idem = UUID.randomUUID().toString();
    String key =
        Api.admin().header("Idempotency-Key", idem).body(Map.of("name", "once")).post("/v1/api-keys")
            .then().statusCode(201).extract().jsonPath().getString("key");
    Api.admin().header("Idempotency-Key", idem).body(Map.of("name", "once")).post("/v1/api-keys")
        .then().statusCode(201).header("Idempotent-Replayed", "true").body("key", nullValue());
    assertThat(db.count("select count(*) from idempotency_keys where response_body like ?", "%" + key + "%")).isZero();
  }

  @Test
  void scopesAreEnforced() {
    Tenants tenants = new Tenants(new Db(dataSource));
    String reader = tenants.defaultTenantKey("read");
    String deployer = tenants.defaultTenantKey("deploy");
    String name = Names.unique("scoped");

    Api.as(reader).get("/v1/services").then().statusCode(200);
    Api.as(reader).body(Map.of("name", name, "repo", "https://github.com/org/s")).post("/v1/services")
        .then().statusCode(403).body("code", equalTo("INSUFFICIENT_SCOPE"));
    Api.as(deployer).body(Map.of("name", name, "repo", "https://github.com/org/s")).post("/v1/services").then().statusCode(202);
    Api.as(reader).body(Map.of("value", "x")).put("/v1/services/" + name + "/env/A").then().statusCode(403);
    Api.as(reader).delete("/v1/services/" + name).then().statusCode(403);
    Api.as(reader).body("{}").post("/v1/services/" + name + "/deploys").then().statusCode(403);
    Api.as(deployer).get("/v1/api-keys").then().statusCode(403).body("code", equalTo("INSUFFICIENT_SCOPE"));
    Api.as(deployer).body(Map.of("name", "x")).post("/v1/api-keys").then().statusCode(403);
    Api.as(deployer).get("/v1/audit").then().statusCode(403);
    assertThat(new Db(dataSource).count("select count(*) from audit_log where action = 'service.delete' and outcome = 'accepted' and target = ?", "services/" + name))
        .isZero();
  }

  @Test
  void revokedAndExpiredKeysAreUnauthenticated() {
    Db db = new Db(dataSource);
    JsonPath created = Api.admin().body(Map.of("name", "short-lived")).post("/v1/api-keys").then().statusCode(201).extract().jsonPath();
    String key = created.getString("key");
    Api.as(key).get("/v1/whoami").then().statusCode(200);
    Api.admin().delete("/v1/api-keys/" + created.getString("id")).then().statusCode(204);
    Api.as(key).get("/v1/whoami").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    Api.admin().delete("/v1/api-keys/" + created.getString("id")).then().statusCode(404);
    Api.admin().delete("/v1/api-keys/not-a-uuid").then().statusCode(404);

    String expiring = Api.admin().body(Map.of("name", "exp", "expires_at", Instant.now().plusSeconds(3600).toString()))
        .post("/v1/api-keys").then().statusCode(201).extract().jsonPath().getString("key");
    Api.as(expiring).get("/v1/whoami").then().statusCode(200);
    db.update("update api_keys set expires_at = now() - interval '1 second' where key_hash = ?", ApiKeys.hash(expiring));
    Api.as(expiring).get("/v1/whoami").then().statusCode(401).body("detail", org.hamcrest.Matchers.containsString("expired"));
  }

  @Test
  void useIsRecordedWithoutAWritePerRequest() throws Exception {
    Db db = new Db(dataSource);
    String key = new Tenants(db).defaultTenantKey("read");
    assertThat(db.one("select last_used_at from api_keys where key_hash = ?", ApiKeys.hash(key))).isNull();
    Api.as(key).get("/v1/whoami").then().statusCode(200);
    Object firstUse = null;
    for (int i = 0; i < 50 && firstUse == null; i++) {
      Thread.sleep(100);
      firstUse = db.one("select last_used_at from api_keys where key_hash = ?", ApiKeys.hash(key));
    }
    assertThat(firstUse).as("last_used_at recorded").isNotNull();
    Api.as(key).get("/v1/whoami").then().statusCode(200);
    Thread.sleep(300);
    assertThat(db.one("select last_used_at from api_keys where key_hash = ?", ApiKeys.hash(key)))
        .as("not rewritten within the minute").isEqualTo(firstUse);
  }

  @Test
  void auditLogShowsWhoDidWhatWithSecretsMasked() {
    String name = Names.unique("audited");
    Api.admin().body(Map.of("name", name, "repo", "https://github.com/org/a", "env", Map.of("TOKEN", "audit-secret-1")))
        .post("/v1/services").then().statusCode(202);
    JsonPath audit = Api.admin().queryParam("limit", 5).get("/v1/audit").then().statusCode(200).extract().jsonPath();
    assertThat(audit.getString("items[0].action")).isEqualTo("service.create");
    assertThat(audit.getString("items[0].outcome")).isEqualTo("accepted");
    assertThat(audit.getString("items[0].target")).isEqualTo("services/" + name);
    assertThat(audit.getString("items[0].actor")).isEqualTo(ApiKeys.prefixOf(TestStack.BOOTSTRAP_KEY));
    assertThat(audit.getString("items[0].detail.request.env.TOKEN")).isEqualTo("***");
    assertThat(audit.getInt("items[0].detail.status")).isEqualTo(202);
    assertThat(Api.admin().get("/v1/audit").asString()).doesNotContain("audit-secret-1");
    String cursor = audit.getString("next_cursor");
    JsonPath next = Api.admin().queryParam("limit", 5).queryParam("cursor", cursor).get("/v1/audit").then().statusCode(200).extract().jsonPath();
    assertThat(next.getLong("items[0].id")).isLessThan(audit.getLong("items[4].id"));
  }

  @Test
  void refusesBadKeyRequests() {
    Api.admin().body(Map.of("scopes", java.util.List.of("root"))).post("/v1/api-keys").then().statusCode(422)
        .body("code", equalTo("INVALID_SCOPE"));
    Api.admin().body(Map.of("expires_at", "2000-01-01T00:00:00Z")).post("/v1/api-keys").then().statusCode(422)
        .body("code", equalTo("INVALID_FIELD")).body("field", equalTo("expires_at"));
    Api.admin().body(Map.of("expires_at", "tomorrow")).post("/v1/api-keys").then().statusCode(400)
        .body("code", equalTo("INVALID_TYPE"));
  }

  @Test
  void anotherTenantsKeyCannotBeRevoked() {
    Db db = new Db(dataSource);
    String other = new Tenants(db).newTenantWithKey(Names.unique("keys"), "admin");
    String id = Api.admin().body(Map.of("name", "mine")).post("/v1/api-keys").then().statusCode(201).extract().jsonPath().getString("id");
    Api.as(other).delete("/v1/api-keys/" + id).then().statusCode(404);
    Api.as(other).get("/v1/api-keys").then().statusCode(200).body("items.id", not(hasItem(id)));
  }

  @Test
  void bootstrapIsIdempotentAndReplacesAChangedKey() {
    Db db = new Db(dataSource);
    bootstrap.ensure(TestStack.BOOTSTRAP_KEY);
    bootstrap.ensure(TestStack.BOOTSTRAP_KEY);
    assertThat(db.count("select count(*) from tenants where name = 'default'")).isEqualTo(1);
    assertThat(db.count("select count(*) from api_keys where key_hash = ?", ApiKeys.hash(TestStack.BOOTSTRAP_KEY))).isEqualTo(1);
    assertThat(db.one("select scopes::text from api_keys where key_hash = ?", ApiKeys.hash(TestStack.BOOTSTRAP_KEY)))
        .isEqualTo("{read,deploy,admin}");

    String rotated = "operator-chosen-bootstrap-key-" + UUID.randomUUID();
    bootstrap.ensure(rotated);
    try {
      Api.as(rotated).get("/v1/whoami").then().statusCode(200).body("scopes", contains("read", "deploy", "admin"));
      Api.admin().get("/v1/whoami").then().statusCode(401);
    } finally {
      bootstrap.ensure(TestStack.BOOTSTRAP_KEY);
      db.update("update api_keys set revoked_at = null where key_hash = ?", ApiKeys.hash(TestStack.BOOTSTRAP_KEY));
    }
    Api.admin().get("/v1/whoami").then().statusCode(200);
    given().get("/v1/whoami").then().statusCode(401);
  }
}
