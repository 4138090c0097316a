package io.deploymcp.api.status;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.TestStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /v1/status, health, OpenAPI, Swagger UI and metrics. */
@QuarkusTest
@WithTestResource(TestStack.class)
class StatusApiTest {
  @Test
  void statusReportsEveryComponentInPlainWords() {
    Api.admin().get("/v1/status").then().statusCode(200)
        .body("ready", equalTo(true))
        .body("database.state", equalTo("ok"))
        .body("temporal.state", equalTo("ok"))
        .body("buildkit.state", equalTo("not_configured"))
        .body("buildkit.reason", containsString("BUILDKIT_HOST"))
        .body("buildkit", not(hasKey("source")))
        .body("registry.state", equalTo("not_configured"))
        .body("kubernetes.state", equalTo("not_configured"))
        .body("loki.state", equalTo("not_configured"));
  }

  @Test
  void healthIsUpWithDatabaseAndTemporal() {
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/q/health/ready").then().statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("temporal"));
  }

  @Test
  void openApiDocumentIsVersion31AndDescribesTheApi() {
    given().accept("application/json").get("/q/openapi").then().statusCode(200)
        .body("openapi", startsWith("3.1"))
        .body("paths.'/v1/services'.post", notNullValue())
        .body("paths.'/v1/services/{name}/deploys'.post", notNullValue())
        .body("components.schemas.CreateServiceRequest.properties.build_pack", notNullValue())
        .body("components.securitySchemes.api_key.scheme", equalTo("bearer"));
    given().get("/q/swagger-ui/").then().statusCode(200);
  }

  @Test
  void metricsCountCreatesAndWorkflowStarts() {
    Api.admin().body(Map.of("name", io.deploymcp.api.support.Names.unique("metric"), "repo", "https://github.com/org/m"))
        .post("/v1/services").then().statusCode(202);
    given().get("/q/metrics").then().statusCode(200)
        .body(containsString("dp_services_created_total"))
        .body(containsString("dp_workflow_start_seconds"))
        .body(containsString("dp_workflow_started_total"));
  }
}
