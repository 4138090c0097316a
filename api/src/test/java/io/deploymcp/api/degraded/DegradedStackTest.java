package io.deploymcp.api.degraded;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.Hooks;
import io.deploymcp.api.support.McpClients;
import io.deploymcp.api.support.Tenants;
import io.deploymcp.api.support.TestStack;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * With Temporal down the API still starts and reads, says so in /v1/status and readiness, and
 * refuses writes with 503 TEMPORAL_UNAVAILABLE leaving nothing behind. Also the rate limit.
 */
@QuarkusTest
@TestProfile(DegradedProfile.class)
class DegradedStackTest {
  @Inject DataSource dataSource;

  /** Each test uses its own key: the bucket holds 5 requests and refills one per second. */
  private String freshKey() {
    return new Tenants(new Db(dataSource)).defaultTenantKey("deploy");
  }

  @Test
  void createWhileTemporalIsDownIs503AndLeavesNothing() {
    Db db = new Db(dataSource);
    String key = freshKey();
    long services = db.count("select count(*) from services");
    long deployments = db.count("select count(*) from deployments");
    long projects = db.count("select count(*) from projects");
    long started = System.nanoTime();

    Api.as(key)
        .body(Map.of("name", "down-app", "repo", "https://github.com/org/app", "env", Map.of("A", "1")))
        .post("/v1/services")
        .then()
        .statusCode(503)
        .body("code", equalTo("TEMPORAL_UNAVAILABLE"))
        .body("hint", containsString("Nothing was changed"));

    assertThat((System.nanoTime() - started) / 1_000_000).as("fails fast, ms").isLessThan(10_000);
    assertThat(db.count("select count(*) from services")).isEqualTo(services);
    assertThat(db.count("select count(*) from deployments")).isEqualTo(deployments);
    assertThat(db.count("select count(*) from env_vars")).isZero();
    assertThat(db.count("select count(*) from projects")).isEqualTo(projects);
    assertThat(db.one("select outcome from audit_log where action = 'service.create' order by id desc limit 1")).isEqualTo("failed");
    Api.as(key).get("/v1/services/down-app").then().statusCode(404);
  }

  @Test
  void aWebhookPushWhileTemporalIsDownIs503AndCanBeRedelivered() {
    Db db = new Db(dataSource);
    String key = freshKey();
    // The service exists from before the outage: rows straight in the database.
    UUID tenant = new Tenants(db).tenantId("default");
    UUID project = UUID.randomUUID();
    db.update("insert into projects (id, tenant_id, name) values (?, ?, ?)", project, tenant, "down-hooks-" + System.nanoTime() % 100000);
    String name = "down-hook-" + System.nanoTime() % 100000;
    String repo = "https://github.com/org/" + name;
    db.update(
        "insert into services (id, tenant_id, project_id, name, repo, branch, build_pack, port, cpu_millis, memory_mib, kind)"
            + " values (?, ?, ?, ?, ?, 'main', 'railpack', 8080, 250, 256, 'web')",
        UUID.randomUUID(), tenant, project, name, repo);
    String secret = Api.as(key).post("/v1/services/" + name + "/webhook-secret").then().statusCode(200).extract().path("secret");
    long deployments = db.count("select count(*) from deployments");
    String body = Hooks.push(repo, "main", "a".repeat(40), List.of("x"), null);
    String delivery = UUID.randomUUID().toString();

    for (int attempt = 0; attempt < 2; attempt++) {
      Hooks.github("push", delivery, "sha256=" + Hooks.hmac(secret, body), body)
          .then().statusCode(503).body("code", equalTo("TEMPORAL_UNAVAILABLE"));
      assertThat(db.count("select count(*) from deployments")).isEqualTo(deployments);
      assertThat(db.count("select count(*) from webhook_deliveries where delivery_id = ?", delivery))
          .as("released for the redelivery").isZero();
    }
  }

  @Test
  void aPublishWhileTemporalIsDownIs503AndLeavesNoDeployment() {
    Db db = new Db(dataSource);
    String key = freshKey();
    // A service with a live preview from before the outage, as the worker recorded it.
    UUID tenant = new Tenants(db).tenantId("default");
    UUID project = UUID.randomUUID();
    db.update("insert into projects (id, tenant_id, name) values (?, ?, ?)", project, tenant, "down-pub-" + System.nanoTime() % 100000);
    String name = "down-pub-" + System.nanoTime() % 100000;
    UUID service = UUID.randomUUID();
    db.update(
        "insert into services (id, tenant_id, project_id, name, repo, branch, build_pack, port, cpu_millis, memory_mib, kind)"
            + " values (?, ?, ?, ?, 'https://github.com/org/app', 'main', 'railpack', 8080, 250, 256, 'web')",
        service, tenant, project, name);
    UUID preview = UUID.randomUUID();
    db.update(
        "insert into deployments (id, tenant_id, service_id, environment, requested_ref, commit_sha, status, image_ref,"
            + " workflow_id) values (?, ?, ?, 'preview', 'main', ?, 'running', ?, ?)",
        preview, tenant, service, "a".repeat(40), "127.0.0.1:5000/x/app@sha256:" + "b".repeat(64), "deploy-" + preview);
    db.update("insert into service_environments (service_id, environment, live_deployment_id) values (?, 'preview', ?)",
        service, preview);

    Api.as(key).post("/v1/services/" + name + "/publish").then().statusCode(503)
        .body("code", equalTo("TEMPORAL_UNAVAILABLE"));
    assertThat(db.count("select count(*) from deployments where service_id = ?", service)).isEqualTo(1);
    assertThat(db.one("select outcome from audit_log where action = 'deployment.publish' order by id desc limit 1"))
        .isEqualTo("failed");
  }

  /**
   * A tenant with 3 deployments not finished (the profile's bound; the backlog read on every
   * write) is refused at once, through every door, with 503 DEPLOY_BACKLOG_FULL and Retry-After,
   * and nothing is written, started, audited or stored for the Idempotency-Key. Another tenant is
   * not held back: its create gets past admission (to Temporal, which is down here).
   */
  @Test
  void aTenantPastItsBacklogBoundIsRefusedWith503AndNothingChanges() {
    Db db = new Db(dataSource);
    Tenants tenants = new Tenants(db);
    String suffix = Long.toString(System.nanoTime() % 1_000_000);
    String restKey = tenants.newTenantWithKey("backlog-" + suffix, "deploy");
    UUID tenant = tenants.tenantId("backlog-" + suffix);
    String hookKey = tenants.newKey(tenant, "deploy");
    String mcpKey = tenants.newKey(tenant, "deploy");
    UUID project = UUID.randomUUID();
    db.update("insert into projects (id, tenant_id, name) values (?, ?, 'default')", project, tenant);
    String name = "backlog-" + suffix;
    String repo = "https://github.com/org/" + name;
    UUID service = UUID.randomUUID();
    db.update(
        "insert into services (id, tenant_id, project_id, name, repo, branch, build_pack, port, cpu_millis, memory_mib, kind)"
            + " values (?, ?, ?, ?, ?, 'main', 'railpack', 8080, 250, 256, 'web')",
        service, tenant, project, name, repo);
    String secret = Api.as(hookKey).post("/v1/services/" + name + "/webhook-secret").then().statusCode(200).extract().path("secret");
    List<UUID> unfinished = new ArrayList<>();
    for (String status : List.of("queued", "cloning", "building")) {
      UUID id = UUID.randomUUID();
      unfinished.add(id);
      db.update(
          "insert into deployments (id, tenant_id, service_id, environment, requested_ref, status, workflow_id)"
              + " values (?, ?, ?, 'production', 'main', ?, ?)",
          id, tenant, service, status, "deploy-" + id);
    }
    java.util.function.Supplier<List<Long>> state = () -> List.of(
        db.count("select count(*) from services"), db.count("select count(*) from deployments"),
        db.count("select count(*) from projects"), db.count("select count(*) from env_vars"),
        db.count("select count(*) from audit_log where tenant_id = ?", tenant),
        db.count("select count(*) from idempotency_keys"), db.count("select count(*) from webhook_deliveries"));
    List<Long> before = state.get();

    Response create = Api.as(restKey).header("Idempotency-Key", "backlog-create")
        .body(Map.of("name", name + "-b", "repo", repo, "env", Map.of("TOKEN", "s3cr3t-value")))
        .post("/v1/services");
    create.then().statusCode(503).contentType("application/problem+json")
        .body("code", equalTo("DEPLOY_BACKLOG_FULL"))
        .body("detail", containsString("3 deployments not finished"))
        .body("hint", containsString("POST /v1/deployments/{id}/cancel"))
        .header("Retry-After", "5");
    assertThat(create.asString()).doesNotContain("s3cr3t-value");
    Api.as(restKey).body(Map.of()).post("/v1/services/" + name + "/deploys").then().statusCode(503)
        .body("code", equalTo("DEPLOY_BACKLOG_FULL")).header("Retry-After", "5");
    String body = Hooks.push(repo, "main", "c".repeat(40), List.of("x"), null);
    Hooks.github("push", UUID.randomUUID().toString(), "sha256=" + Hooks.hmac(secret, body), body)
        .then().statusCode(503).body("code", equalTo("DEPLOY_BACKLOG_FULL"));
    try (var client = McpClients.connect(mcpKey)) {
      var result = McpClients.call(client, "create_service", Map.of("name", name + "-m", "repo", repo));
      assertThat(result.isError()).isTrue();
      assertThat(McpClients.structured(result))
          .containsEntry("code", "DEPLOY_BACKLOG_FULL")
          .hasEntrySatisfying("hint", hint -> assertThat((String) hint).contains("retry after 5 s"));
    }
    assertThat(state.get()).as("nothing written, audited or stored").isEqualTo(before);

    // Another tenant's write is not held back by this one's backlog.
    Api.as(freshKey()).body(Map.of("name", "not-held-" + suffix, "repo", repo)).post("/v1/services")
        .then().statusCode(503).body("code", equalTo("TEMPORAL_UNAVAILABLE"));

    // Once one has finished the same request is admitted again: nothing was stored for its key.
    db.update("update deployments set status = 'failed' where id = ?", unfinished.getFirst());
    Api.as(restKey).header("Idempotency-Key", "backlog-create")
        .body(Map.of("name", name + "-b", "repo", repo, "env", Map.of("TOKEN", "s3cr3t-value")))
        .post("/v1/services")
        .then().statusCode(503).body("code", equalTo("TEMPORAL_UNAVAILABLE")).header("Idempotent-Replayed", (String) null);
  }

  @Test
  void retryWithTheSameIdempotencyKeyRunsAgainAfterA503() {
    String key = freshKey();
    for (int i = 0; i < 2; i++) {
      Api.as(key).header("Idempotency-Key", "retry-after-503")
          .body(Map.of("name", "down-idem", "repo", "https://github.com/org/app")).post("/v1/services")
          .then().statusCode(503).header("Idempotent-Replayed", (String) null);
    }
  }

  @Test
  void readsWorkAndStatusSaysTemporalIsUnreachable() {
    String key = freshKey();
    Api.as(key).get("/v1/services").then().statusCode(200);
    Api.as(key).get("/v1/status").then().statusCode(200)
        .body("ready", equalTo(false))
        .body("database.state", equalTo("ok"))
        .body("temporal.state", equalTo("unreachable"))
        .body("temporal.reason", containsString("does not answer"));
    given().get("/q/health/ready").then().statusCode(503);
    given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void aKeyOverItsRateGets429WithRetryAfter() {
    String key = freshKey();
    List<Response> responses = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      responses.add(Api.as(key).get("/v1/whoami"));
    }
    assertThat(responses.subList(0, 5)).allMatch(r -> r.statusCode() == 200);
    Response limited = responses.getLast();
    limited.then().statusCode(429).body("code", equalTo("RATE_LIMITED"));
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 2);
    // Another key has its own bucket.
    Api.as(freshKey()).get("/v1/whoami").then().statusCode(200);
  }

  @Test
  void withoutAnOperatorTokenTheOperatorEndpointsAre503WhoeverAsks() {
    long runs = new Db(dataSource).count("select count(*) from registry_gc_runs");
    String runs0 = "/v1/operator/registry-gc/runs";
    for (String key : List.of("", TestStack.BOOTSTRAP_KEY, "any-token-at-all-0123456789abcdef01234")) {
      java.util.function.Supplier<io.restassured.specification.RequestSpecification> request =
          () -> key.isEmpty() ? given().contentType("application/json") : Api.as(key);
      for (Response answer : List.of(
          request.get().body(Map.of()).post(runs0),
          request.get().body(Map.of("digests", List.of())).post(runs0 + "/" + UUID.randomUUID() + "/claims"),
          request.get().post(runs0 + "/" + UUID.randomUUID() + "/sweep"),
          request.get().delete(runs0 + "/" + UUID.randomUUID()))) {
        answer.then().statusCode(503).contentType("application/problem+json")
            .body("code", equalTo("OPERATOR_NOT_CONFIGURED"))
            .body("detail", equalTo("Operator access is off: DP_OPERATOR_TOKEN is not set"))
            .body("hint", containsString("operator.existingSecret"));
      }
    }
    assertThat(new Db(dataSource).count("select count(*) from registry_gc_runs")).isEqualTo(runs);
  }
}
