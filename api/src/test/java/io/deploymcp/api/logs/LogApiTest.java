package io.deploymcp.api.logs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.Tenants;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.store.logs.LogLine;
import io.deploymcp.store.logs.LogStore;
import io.deploymcp.store.logs.LogType;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /v1/services/{name}/logs over real HTTP, reading lines the real PostgreSQL log store
 * holds (written here as the worker would write them).
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class LogApiTest {
  @Inject DataSource dataSource;
  @Inject LogStore logStore;

  private Db db;
  private UUID tenant;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
    tenant = new Tenants(db).tenantId("default");
  }

  private record Service(String name, UUID deploymentId) {}

  private Service service() {
    String name = Names.unique("logs");
    String deployment =
        Api.admin().body(Map.of("name", name, "repo", "https://github.com/org/" + name)).post("/v1/services")
            .then().statusCode(202).extract().path("deployment_id");
    return new Service(name, UUID.fromString(deployment));
  }

  private void write(UUID deploymentId, String prefix, int count) {
    logStore.append(tenant, deploymentId, LogType.BUILD,
        IntStream.rangeClosed(1, count).mapToObj(i -> LogLine.now(i % 2 == 0 ? "stderr" : "stdout", prefix + i)).toList());
  }

  private static JsonPath logs(String name, String query) {
    return Api.admin().get("/v1/services/" + name + "/logs" + query).then().statusCode(200).extract().jsonPath();
  }

  @Test
  void readsTheLatestDeploymentNewestFirstPageByPage() {
    Service s = service();
    write(s.deploymentId(), "line ", 25);

    JsonPath first = logs(s.name(), "?limit=10");
    assertThat(first.getString("service")).isEqualTo(s.name());
    assertThat(first.getString("deployment_id")).isEqualTo(s.deploymentId().toString());
    assertThat(first.getString("deployment_status")).isEqualTo("queued");
    assertThat(first.getString("type")).isEqualTo("build");
    assertThat(first.getList("items.line")).containsExactly(
        "line 25", "line 24", "line 23", "line 22", "line 21", "line 20", "line 19", "line 18", "line 17", "line 16");
    assertThat(first.getList("items.seq", Integer.class).getFirst()).isEqualTo(25);
    assertThat(first.getString("items[0].stream")).isEqualTo("stdout");
    assertThat(first.getString("items[1].stream")).isEqualTo("stderr");
    assertThat(first.getString("items[0].at")).isNotNull();

    List<String> all = new ArrayList<>(first.getList("items.line"));
    String cursor = first.getString("next_cursor");
    while (cursor != null) {
      JsonPath page = logs(s.name(), "?limit=10&cursor=" + cursor);
      all.addAll(page.getList("items.line"));
      cursor = page.getString("next_cursor");
    }
    assertThat(all).hasSize(25).endsWith("line 1").doesNotHaveDuplicates();
  }

  @Test
  void defaultsToBuildAndAHundredLines() {
    Service s = service();
    write(s.deploymentId(), "l", 150);
    JsonPath page = logs(s.name(), "");
    assertThat(page.getList("items")).hasSize(100);
    assertThat(page.getString("type")).isEqualTo("build");
    assertThat(page.getString("next_cursor")).isNotNull();
    assertThat(logs(s.name(), "?type=build&limit=1000").getList("items")).hasSize(150);
  }

  @Test
  void readsAnOlderDeploymentByIdAndTheNewestByDefault() {
    Service s = service();
    write(s.deploymentId(), "old ", 3);
    String newer = Api.admin().post("/v1/services/" + s.name() + "/deploys").then().statusCode(202).extract().path("id");
    write(UUID.fromString(newer), "new ", 2);

    assertThat(logs(s.name(), "").getList("items.line")).containsExactly("new 2", "new 1");
    assertThat(logs(s.name(), "?deployment_id=" + s.deploymentId()).getList("items.line")).containsExactly("old 3", "old 2", "old 1");
  }

  @Test
  void aCursorKeepsReadingItsDeploymentWhenANewerOneStarts() {
    Service s = service();
    write(s.deploymentId(), "first ", 4);
    String cursor = logs(s.name(), "?limit=2").getString("next_cursor");
    Api.admin().post("/v1/services/" + s.name() + "/deploys").then().statusCode(202);

    JsonPath next = logs(s.name(), "?limit=2&cursor=" + cursor);
    assertThat(next.getString("deployment_id")).isEqualTo(s.deploymentId().toString());
    assertThat(next.getList("items.line")).containsExactly("first 2", "first 1");
    assertThat(next.getString("next_cursor")).isNull();
  }

  @Test
  void aDeploymentWithoutLinesReadsAsAnEmptyPage() {
    Service s = service();
    JsonPath page = logs(s.name(), "");
    assertThat(page.getList("items")).isEmpty();
    assertThat(page.getString("next_cursor")).isNull();
    assertThat(page.getString("deployment_id")).isEqualTo(s.deploymentId().toString());
  }

  @Test
  void aDeploymentOfAnotherServiceIsNotFound() {
    Service mine = service();
    Service other = service();
    write(other.deploymentId(), "other ", 2);

    Api.admin().get("/v1/services/" + mine.name() + "/logs?deployment_id=" + other.deploymentId())
        .then().statusCode(404).contentType(startsWith("application/problem+json")).body("code", equalTo("NOT_FOUND"));
    Api.admin().get("/v1/services/" + mine.name() + "/logs?deployment_id=" + UUID.randomUUID()).then().statusCode(404);
    // A cursor of the other service's deployment does not open it either.
    String foreignCursor = logs(other.name(), "?limit=1").getString("next_cursor");
    Api.admin().get("/v1/services/" + mine.name() + "/logs?cursor=" + foreignCursor).then().statusCode(404);
  }

  @Test
  void anotherTenantSeesNeitherTheServiceNorItsLogs() {
    Service s = service();
    write(s.deploymentId(), "private ", 3);
    String stranger = new Tenants(db).newTenantWithKey("logs-stranger-" + System.nanoTime(), "admin");

    String answer = Api.as(stranger).get("/v1/services/" + s.name() + "/logs?deployment_id=" + s.deploymentId())
        .then().statusCode(404).body("code", equalTo("NOT_FOUND")).extract().asString();
    assertThat(answer).doesNotContain("private");
  }

  @Test
  void aReadKeyMayReadAndNoKeyMayNot() {
    Service s = service();
    write(s.deploymentId(), "r", 1);
    Api.as(new Tenants(db).defaultTenantKey("read")).get("/v1/services/" + s.name() + "/logs")
        .then().statusCode(200).body("items[0].line", equalTo("r1"));
    given().get("/v1/services/" + s.name() + "/logs").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
  }

  @Test
  void refusesBadParametersWithSpecificCodes() {
    Service s = service();
    write(s.deploymentId(), "x", 3);
    String otherDeploymentCursor = logs(s.name(), "?limit=1").getString("next_cursor");
    String path = "/v1/services/" + s.name() + "/logs";
    record Bad(String query, int status, String code) {}
    for (Bad bad : List.of(
        new Bad("?limit=0", 400, "INVALID_LIMIT"),
        new Bad("?limit=1001", 400, "INVALID_LIMIT"),
        new Bad("?limit=ten", 400, "INVALID_LIMIT"),
        new Bad("?cursor=bm90LWEtY3Vyc29y", 400, "INVALID_CURSOR"),
        new Bad("?cursor=%25%25%25", 400, "INVALID_CURSOR"),
        new Bad("?cursor=" + otherDeploymentCursor + "&deployment_id=" + UUID.randomUUID(), 400, "INVALID_CURSOR"),
        new Bad("?type=stdout", 400, "INVALID_PARAMETER"),
        new Bad("?deployment_id=not-a-uuid", 400, "INVALID_PARAMETER"),
        new Bad("?environment=preview", 400, "INVALID_PARAMETER"),
        new Bad("?previous=true", 400, "INVALID_PARAMETER"),
        new Bad("?type=runtime&environment=staging", 422, "INVALID_ENVIRONMENT"),
        new Bad("?type=runtime&limit=0", 400, "INVALID_LIMIT"),
        new Bad("?type=runtime&previous=yes", 400, "INVALID_PARAMETER"),
        new Bad("?type=runtime&cursor=abc", 400, "INVALID_PARAMETER"),
        new Bad("?type=runtime&deployment_id=" + s.deploymentId(), 400, "INVALID_PARAMETER"),
        // No cluster is configured in this test stack (LiveStatusStandInApiTest has one).
        new Bad("?type=runtime", 503, "CLUSTER_NOT_CONFIGURED"))) {
      Api.admin().get(path + bad.query()).then()
          .statusCode(bad.status())
          .contentType(startsWith("application/problem+json"))
          .body("code", equalTo(bad.code()))
          .body("hint", notNullValue());
    }
    Api.admin().get("/v1/services/no-such-" + System.nanoTime() + "/logs").then().statusCode(404);
    Api.admin().get(path + "?type=runtime").then().body("detail", org.hamcrest.Matchers.containsString("no Kubernetes cluster is configured"));
    Api.admin().get(path + "?type=runtime&environment=staging").then().body("field", equalTo("environment"));
    Api.admin().get(path + "?type=stdout").then().body("field", equalTo("type")).body("errors", notNullValue());
    Api.admin().get(path + "?deployment_id=").then().statusCode(200).body("items", org.hamcrest.Matchers.hasSize(3));
    Api.admin().get(path + "?cursor=").then().statusCode(200).body("items[0].line", equalTo("x3"))
        .body("service", equalTo(s.name())).body("deployment_status", equalTo("queued")).body("type", equalTo("build"))
        .body("items[2].seq", equalTo(1)).body("next_cursor", nullValue());
  }
}
