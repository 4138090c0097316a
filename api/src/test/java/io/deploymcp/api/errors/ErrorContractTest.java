package io.deploymcp.api.errors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.TestStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Every error is problem+json with a stable code and a hint, never a stack trace. */
@QuarkusTest
@WithTestResource(TestStack.class)
class ErrorContractTest {
  private static final String PROBLEM = "application/problem+json";

  @Inject DataSource dataSource;

  private static void assertProblem(Response r, int status, String code) {
    r.then()
        .statusCode(status)
        .contentType(startsWith(PROBLEM))
        .body("status", equalTo(status))
        .body("code", equalTo(code))
        .body("type", startsWith("urn:deploy-mcp:problem:"))
        .body("title", notNullValue())
        .body("detail", notNullValue())
        .body("hint", notNullValue())
        .body(not(containsString("Exception")))
        .body(not(containsString("\tat ")));
  }

  @Test
  void missingKeyIsUnauthenticated() {
    assertProblem(given().get("/v1/services"), 401, "UNAUTHENTICATED");
  }

  @Test
  void unknownKeyIsUnauthenticated() {
    assertProblem(Api.as("dpk_nope0000_" + "x".repeat(40)).get("/v1/whoami"), 401, "UNAUTHENTICATED");
  }

  @Test
  void quarkusEndpointsAnswerReadsOnly() {
    for (String path : List.of("/q/openapi", "/q/health", "/q/metrics", "/q/swagger-ui")) {
      for (String method : List.of("DELETE", "POST", "PUT", "PATCH")) {
        Response answer = given().contentType("application/json").body("{}").request(method, path);
        assertProblem(answer, 405, "METHOD_NOT_ALLOWED");
        assertThat(answer.header("Allow")).as(method + " " + path).isEqualTo("GET, HEAD");
      }
    }
    given().get("/q/openapi").then().statusCode(200);
    given().head("/q/health/live").then().statusCode(200);
  }

  @Test
  void unknownRouteIsNotFound() {
    assertProblem(Api.admin().get("/v1/nothing-here"), 404, "NOT_FOUND");
    assertProblem(given().get("/nothing-here"), 404, "NOT_FOUND");
  }

  @Test
  void wrongMethodIsMethodNotAllowed() {
    assertProblem(Api.admin().put("/v1/whoami"), 405, "METHOD_NOT_ALLOWED");
  }

  @Test
  void wrongContentTypeIsUnsupported() {
    assertProblem(
        Api.admin().contentType(ContentType.TEXT).body("name=x").post("/v1/services"), 415, "UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  void malformedJsonIsRefused() {
    assertProblem(Api.admin().body("{\"name\": ").post("/v1/services"), 400, "MALFORMED_JSON");
    assertProblem(Api.admin().body("{\"name\": \"a\"} trailing").post("/v1/services"), 400, "MALFORMED_JSON");
  }

  @Test
  void emptyBodyIsRefused() {
    assertProblem(Api.admin().post("/v1/services"), 400, "MALFORMED_JSON");
  }

  @Test
  void unknownFieldIsNamed() {
    Response r = Api.admin().body("{\"name\": \"ok-name\", \"repo\": \"https://github.com/a/b\", \"colour\": 1}").post("/v1/services");
    assertProblem(r, 400, "UNKNOWN_FIELD");
    r.then().body("field", equalTo("colour")).body("errors[0].code", equalTo("UNKNOWN_FIELD"));
  }

  @Test
  void wrongTypeIsNamed() {
    Response r = Api.admin().body("{\"name\": \"ok-name\", \"repo\": \"https://github.com/a/b\", \"port\": \"8080\"}").post("/v1/services");
    assertProblem(r, 400, "INVALID_TYPE");
    r.then().body("field", equalTo("port"));
    Response s = Api.admin().body("{\"name\": 5, \"repo\": \"https://github.com/a/b\"}").post("/v1/services");
    assertProblem(s, 400, "INVALID_TYPE");
    s.then().body("field", equalTo("name"));
    assertProblem(Api.admin().body("[1, 2]").post("/v1/services"), 400, "INVALID_TYPE");
  }

  @Test
  void oversizedBodyIsRefused() {
    String big = "{\"name\": \"big-body\", \"repo\": \"https://github.com/a/b\", \"env\": {\"A\": \"" + "x".repeat(1_100_000) + "\"}}";
    assertProblem(Api.admin().body(big).post("/v1/services"), 413, "PAYLOAD_TOO_LARGE");
    assertThat(new Db(dataSource).count("select count(*) from services where name = 'big-body'")).isZero();
  }

  @Test
  void badLimitIsRefused() {
    assertProblem(Api.admin().queryParam("limit", "abc").get("/v1/services"), 400, "INVALID_LIMIT");
    assertProblem(Api.admin().queryParam("limit", "201").get("/v1/services"), 400, "INVALID_LIMIT");
    assertProblem(Api.admin().queryParam("cursor", "!!!").get("/v1/services"), 400, "INVALID_CURSOR");
  }
}
