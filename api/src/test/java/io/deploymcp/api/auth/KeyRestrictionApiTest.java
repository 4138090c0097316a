package io.deploymcp.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.Tenants;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.api.support.Workflows;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keys restricted to named services or a project (REST): validated when issued, shown by
 * whoami, lists leave the rest out, and every read or change of another service is 403
 * KEY_RESTRICTED with nothing written and no workflow started.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class KeyRestrictionApiTest {
  @Inject DataSource dataSource;
  @Inject WorkflowClient workflowClient;

  private Db db;
  private Tenants tenants;
  private Workflows workflows;
  private String admin;
  private UUID tenantId;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
    tenants = new Tenants(db);
    workflows = new Workflows(workflowClient);
    String tenant = "restrict-" + System.nanoTime();
    admin = tenants.newTenantWithKey(tenant, "admin");
    tenantId = tenants.tenantId(tenant);
  }

  private String service(String stem, String project) {
    String name = Names.unique(stem);
    Api.as(admin).body(Map.of("name", name, "repo", "https://github.com/org/" + name, "project", project))
        .post("/v1/services").then().statusCode(202);
    return name;
  }

  private String restrictedKey(Map<String, Object> body) {
    return Api.as(admin).body(body).post("/v1/api-keys").then().statusCode(201).extract().path("key");
  }

  private static void refused(ValidatableResponse response) {
    response.statusCode(403).body("code", equalTo("KEY_RESTRICTED"));
  }

  @Test
  void badRestrictionsAreRefusedWithSpecificErrorsAndNoKey() {
    service("rk-exists", "alpha");
    long keys = db.count("select count(*) from api_keys where tenant_id = ?", tenantId);
    List<Map<String, Object>> bad =
        List.of(
            Map.of("services", List.of()),
            Map.of("services", List.of("Not_A_Name")),
            Map.of("services", List.of("ok-name", "api")), // reserved
            Map.of("services", IntStream.range(0, 101).mapToObj(i -> "s" + i).toList()),
            Map.of("project", "Bad Project"),
            Map.of("project", "no-such-project"));
    for (Map<String, Object> body : bad) {
      Api.as(admin).body(body).post("/v1/api-keys").then().statusCode(422)
          .body("code", equalTo("INVALID_RESTRICTION"));
    }
    Api.as(admin).body(Map.of("services", "one")).post("/v1/api-keys").then().statusCode(400);
    assertThat(db.count("select count(*) from api_keys where tenant_id = ?", tenantId)).isEqualTo(keys);

    String key = restrictedKey(Map.of("name", "two", "scopes", List.of("deploy"), "services", List.of("b-svc", "a-svc", "a-svc"),
        "project", "alpha"));
    Api.as(key).get("/v1/whoami").then().statusCode(200)
        .body("restriction.services", contains("a-svc", "b-svc"))
        .body("restriction.project", equalTo("alpha"));
    Api.as(admin).get("/v1/whoami").then().statusCode(200).body("restriction", nullValue());
    Api.as(admin).get("/v1/api-keys").then().statusCode(200)
        .body("items.find { it.name == 'two' }.services", contains("a-svc", "b-svc"))
        .body("items.find { it.name == 'two' }.project", equalTo("alpha"));
  }

  @Test
  void aServiceRestrictedKeySeesAndChangesOnlyItsServices() {
    String mine = service("rk-mine", "alpha");
    String other = service("rk-other", "alpha");
    String later = Names.unique("rk-later");
    String key = restrictedKey(Map.of("scopes", List.of("deploy", "admin"), "services", List.of(mine, later)));
    String otherDeployment = Api.as(admin).get("/v1/services/" + other).then().extract().path("latest_deployment.id");

    Api.as(key).get("/v1/whoami").then().body("restriction.services", containsInAnyOrder(mine, later));
    Api.as(key).get("/v1/services").then().statusCode(200).body("items.name", contains(mine));
    Api.as(key).get("/v1/projects").then().statusCode(200)
        .body("items.name", contains("alpha")).body("items[0].services", equalTo(1));
    Api.as(key).get("/v1/services/" + mine).then().statusCode(200);

    long deployments = db.count("select count(*) from deployments");
    int open = workflows.openCount();
    refused(Api.as(key).get("/v1/services/" + other).then());
    refused(Api.as(key).get("/v1/services/" + other + "/deployments").then());
    refused(Api.as(key).get("/v1/services/" + other + "/logs").then());
    refused(Api.as(key).get("/v1/services/" + other + "/env").then());
    refused(Api.as(key).get("/v1/deployments/" + otherDeployment).then());
    refused(Api.as(key).body(Map.of("port", 9999)).patch("/v1/services/" + other).then());
    refused(Api.as(key).body(Map.of()).post("/v1/services/" + other + "/deploys").then());
    refused(Api.as(key).body(Map.of()).post("/v1/services/" + other + "/rollback").then());
    refused(Api.as(key).body(Map.of("value", "v")).put("/v1/services/" + other + "/env/A").then());
    refused(Api.as(key).body(Map.of()).post("/v1/deployments/" + otherDeployment + "/cancel").then());
    refused(Api.as(key).delete("/v1/services/" + other).then());
    refused(Api.as(key).body(Map.of()).post("/v1/services/" + other + "/webhook-secret").then());
    String outside = Names.unique("rk-outside");
    refused(Api.as(key).body(Map.of("name", outside, "repo", "https://github.com/org/x")).post("/v1/services").then());
    // Tenant-wide reads and key management need an unrestricted key, even with admin scope.
    refused(Api.as(key).get("/v1/audit").then());
    refused(Api.as(key).get("/v1/api-keys").then());
    refused(Api.as(key).body(Map.of("name", "escalate")).post("/v1/api-keys").then());

    assertThat(db.count("select count(*) from deployments")).isEqualTo(deployments);
    assertThat(workflows.openCount()).isEqualTo(open);
    assertThat(db.one("select port from services where name = ? and deleted_at is null", other)).isEqualTo(8080);
    assertThat(db.count("select count(*) from env_vars e join services s on s.id = e.service_id where s.name = ?", other))
        .isZero();
    assertThat(db.count("select count(*) from services where name = ?", outside)).isZero();
    assertThat(db.count("select count(*) from api_keys where tenant_id = ? and name = 'escalate'", tenantId)).isZero();
    assertThat(db.one("select webhook_secret_cipher is null from services where name = ? and deleted_at is null", other))
        .isEqualTo(true);

    // A name in its list may be created, and the key then reaches it.
    Api.as(key).body(Map.of("name", later, "repo", "https://github.com/org/x")).post("/v1/services").then().statusCode(202);
    Api.as(key).get("/v1/services").then().body("items.name", containsInAnyOrder(mine, later));
  }

  @Test
  void aProjectRestrictedKeyWorksInItsProjectOnly() {
    String inAlpha = service("rk-alpha", "alpha");
    String inBeta = service("rk-beta", "beta");
    String key = restrictedKey(Map.of("scopes", List.of("deploy"), "project", "alpha"));

    Api.as(key).get("/v1/whoami").then().body("restriction.project", equalTo("alpha"))
        .body("restriction.services", nullValue());
    Api.as(key).get("/v1/services").then().statusCode(200).body("items.name", contains(inAlpha));
    Api.as(key).get("/v1/projects").then().body("items.name", contains("alpha"));
    refused(Api.as(key).get("/v1/services?project=beta").then());
    refused(Api.as(key).get("/v1/services/" + inBeta).then());
    refused(Api.as(key).body(Map.of()).post("/v1/services/" + inBeta + "/deploys").then());

    String wrong = Names.unique("rk-wrong");
    refused(Api.as(key).body(Map.of("name", wrong, "repo", "https://github.com/org/x", "project", "beta"))
        .post("/v1/services").then());
    assertThat(db.count("select count(*) from services where name = ?", wrong)).isZero();

    // Without a project, the key's project is where it creates.
    String created = Names.unique("rk-new");
    Api.as(key).body(Map.of("name", created, "repo", "https://github.com/org/x")).post("/v1/services").then()
        .statusCode(202).body("project", equalTo("alpha"));
  }
}
