package io.deploymcp.api.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.Tenants;
import io.deploymcp.api.support.TestStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Another tenant's service or deployment is "not found" (404), never "forbidden" (403). */
@QuarkusTest
@WithTestResource(TestStack.class)
class TenantIsolationTest {
  @Inject DataSource dataSource;

  @Test
  void anotherTenantSeesNothingAndChangesNothing() {
    Db db = new Db(dataSource);
    String name = Names.unique("mine");
    JsonPath created =
        Api.admin().body(Map.of("name", name, "repo", "https://github.com/org/mine", "env", Map.of("A", "1")))
            .post("/v1/services").then().statusCode(202).extract().jsonPath();
    String deploymentId = created.getString("deployment_id");
    String other = new Tenants(db).newTenantWithKey(Names.unique("other"), "admin");

    Api.as(other).get("/v1/services/" + name).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    Api.as(other).get("/v1/services").then().statusCode(200).body("items.name", not(hasItem(name)));
    Api.as(other).get("/v1/deployments/" + deploymentId).then().statusCode(404);
    Api.as(other).get("/v1/services/" + name + "/deployments").then().statusCode(404);
    Api.as(other).get("/v1/services/" + name + "/env").then().statusCode(404);
    Api.as(other).body("{\"port\": 1234}").patch("/v1/services/" + name).then().statusCode(404);
    Api.as(other).body("{}").post("/v1/services/" + name + "/deploys").then().statusCode(404);
    Api.as(other).post("/v1/deployments/" + deploymentId + "/cancel").then().statusCode(404);
    Api.as(other).body("{\"value\": \"x\"}").put("/v1/services/" + name + "/env/A").then().statusCode(404);
    Api.as(other).delete("/v1/services/" + name + "/env/A").then().statusCode(404);
    Api.as(other).delete("/v1/services/" + name).then().statusCode(404);
    Api.as(other).get("/v1/projects").then().statusCode(200).body("items", org.hamcrest.Matchers.empty());

    Api.admin().get("/v1/services/" + name).then().statusCode(200).body("port", equalTo(8080));
    assertThat(db.count("select count(*) from deployments d join services s on s.id = d.service_id where s.name = ?", name))
        .isEqualTo(1);
    assertThat(db.count("select count(*) from env_vars e join services s on s.id = e.service_id where s.name = ?", name))
        .isEqualTo(1);
  }
}
