package io.deploymcp.api.registrygc;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.Tenants;
import io.deploymcp.api.support.TestStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The operator credential: only DP_OPERATOR_TOKEN opens /v1/operator/, API keys (even admin) are
 * 403 there, the token opens no tenant endpoint and is never echoed. (Unset: DegradedStackTest.)
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class OperatorAuthApiTest {
  private static final String RUNS = "/v1/operator/registry-gc/runs";
  private static final Map<String, Object> DRY_RUN = Map.of("dry_run", true);

  @Inject DataSource dataSource;

  @Test
  void onlyTheOperatorTokenOpensOperatorEndpoints() {
    List<Response> answers = new ArrayList<>();
    Response missing = given().contentType(ContentType.JSON).body(DRY_RUN).post(RUNS);
    missing.then().statusCode(401).contentType("application/problem+json").body("code", equalTo("UNAUTHENTICATED"));
    answers.add(missing);
    Response basic = given().header("Authorization", "Basic " + TestStack.OPERATOR_TOKEN).contentType(ContentType.JSON)
        .body(DRY_RUN).post(RUNS);
    basic.then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    answers.add(basic);
    for (String wrong : List.of(TestStack.OPERATOR_TOKEN + "x", TestStack.OPERATOR_TOKEN.substring(1), "dpk_nothing")) {
      Response answer = Api.as(wrong).body(DRY_RUN).post(RUNS);
      answer.then().statusCode(401).contentType("application/problem+json").body("code", equalTo("UNAUTHENTICATED"))
          .body("detail", equalTo("The operator token is not valid"));
      answers.add(answer);
    }
    String deployKey = new Tenants(new Db(dataSource)).defaultTenantKey("deploy");
    for (String key : List.of(TestStack.BOOTSTRAP_KEY, deployKey)) {
      for (Response answer : List.of(
          Api.as(key).body(DRY_RUN).post(RUNS),
          Api.as(key).post(RUNS + "/00000000-0000-0000-0000-000000000000/sweep"),
          Api.as(key).delete(RUNS + "/00000000-0000-0000-0000-000000000000"))) {
        answer.then().statusCode(403).contentType("application/problem+json")
            .body("code", equalTo("OPERATOR_CREDENTIAL_REQUIRED"));
        answers.add(answer);
      }
    }

    Response granted = Api.operator().body(DRY_RUN).post(RUNS);
    granted.then().statusCode(200).body("dry_run", equalTo(true));
    answers.add(granted);
    for (Response answer : answers) {
      assertThat(answer.asString()).doesNotContain(TestStack.OPERATOR_TOKEN);
      assertThat(answer.getHeaders().toString()).doesNotContain(TestStack.OPERATOR_TOKEN);
    }
  }

  @Test
  void theOperatorTokenOpensNoTenantEndpoint() {
    for (String path : List.of("/v1/whoami", "/v1/services", "/v1/projects", "/v1/audit", "/v1/status")) {
      Response answer = Api.operator().get(path);
      answer.then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
      assertThat(answer.asString()).as(path).doesNotContain(TestStack.OPERATOR_TOKEN);
    }
    Api.operator().body(Map.of("name", "op-made", "repo", "https://github.com/org/x")).post("/v1/services")
        .then().statusCode(401);
    Response mcp = Api.operator().accept("application/json, text/event-stream")
        .body(Map.of("jsonrpc", "2.0", "id", 1, "method", "ping")).post("/mcp");
    mcp.then().statusCode(401);
    assertThat(mcp.asString()).doesNotContain(TestStack.OPERATOR_TOKEN);
    assertThat(new Db(dataSource).count("select count(*) from services where name = 'op-made'")).isZero();
    assertThat(new Db(dataSource).count("select count(*) from audit_log where detail::text like ?",
        "%" + TestStack.OPERATOR_TOKEN + "%")).isZero();
  }
}
