package io.deploymcp.api.registrygc;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.deploymcp.api.db.Database;
import io.deploymcp.api.metrics.RegistryImages;
import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.McpClients;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.api.support.Workflows;
import io.deploymcp.store.registrygc.PushDecision;
import io.deploymcp.store.registrygc.RegistryGcGate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry collector's endpoints over real HTTP and PostgreSQL: what every repository keeps
 * across tenants, one run at a time, claims decided at claim time (a rollback launched after the
 * run opened protects its image; a collected image is never launched again), the sweep gate, and
 * every bad request refused with nothing written. Pushes in flight are recorded with the store's
 * real gate ({@link RegistryGcGate}) as the worker does.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class RegistryGcApiTest {
  private static final String RUNS = "/v1/operator/registry-gc/runs";

  @Inject DataSource dataSource;
  @Inject WorkflowClient workflowClient;

  private Db db;
  private GcWorld world;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
    endOpenRuns();
  }

  /** The two tenants of {@link GcWorld}, made for the tests that read them (a few dozen requests). */
  private GcWorld world() {
    if (world == null) {
      world = new GcWorld(db);
    }
    return world;
  }

  @AfterEach
  void endOpenRuns() {
    new Db(dataSource).update("update registry_gc_runs set ended_at = now() where ended_at is null");
  }

  /** What the dp_registry_images gauge reads now (a fresh instance: its cache is empty). */
  private double registryImages() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    new RegistryImages(new Database(dataSource), meters);
    return meters.get("dp.registry.images").gauge().value();
  }

  /** Opens a run (or a dry run); a null body sends none. */
  private static JsonPath open(Object body, int status) {
    var request = body == null ? Api.operator() : Api.operator().body(body);
    return request.post(RUNS).then().statusCode(status).extract().jsonPath();
  }

  private static Map<String, Object> entry(JsonPath plan, String repository) {
    List<Map<String, Object>> entries = plan.getList("repositories");
    return entries.stream().filter(e -> repository.equals(e.get("repository"))).findFirst()
        .orElseThrow(() -> new AssertionError("no entry for " + repository));
  }

  /** The kept digests of an entry with their reasons. */
  @SuppressWarnings("unchecked")
  private static Map<String, List<String>> keep(Map<String, Object> entry) {
    Map<String, List<String>> keep = new java.util.TreeMap<>();
    for (Map<String, Object> kept : (List<Map<String, Object>>) entry.get("keep")) {
      keep.put((String) kept.get("digest"), (List<String>) kept.get("reasons"));
    }
    return keep;
  }

  private String digest(String tenant, String service, int n) {
    return world().digest(tenant, service, n);
  }

  private static ValidatableResponse claim(String runId, List<Map<String, String>> digests) {
    return Api.operator().body(Map.of("digests", digests)).post(RUNS + "/" + runId + "/claims").then();
  }

  private static Map<String, String> image(String repository, String digest) {
    return Map.of("repository", repository, "digest", digest);
  }

  @Test
  void theOperatorSeesEveryTenantsRepositoriesWithWhatEachMustKeep() {
    GcWorld world = world();
    long runs = db.count("select count(*) from registry_gc_runs");
    JsonPath plan = open(Map.of("keep_last", 2, "dry_run", true), 200);

    assertThat(plan.getString("run_id")).as("a dry run opens nothing").isNull();
    assertThat(plan.getString("expires_at")).isNull();
    assertThat(plan.getString("phase")).isNull();
    assertThat(plan.getBoolean("dry_run")).isTrue();
    assertThat(plan.getInt("keep_last")).isEqualTo(2);
    assertThat(db.count("select count(*) from registry_gc_runs")).isEqualTo(runs);

    String one = world.tenantOne;
    String two = world.tenantTwo;
    Map<String, Object> a = entry(plan, world.repository(one, world.a));
    assertThat(a).containsEntry("service_exists", true).containsEntry("busy", false);
    assertThat(keep(a)).containsExactlyInAnyOrderEntriesOf(Map.of(
        digest(one, world.a, 4), List.of("live_production"),
        digest(one, world.a, 3), List.of("rollback_target"),
        digest(one, world.a, 5), List.of("live_preview", "recent"),
        digest(one, world.a, 7), List.of("not_terminal", "recent")));
    assertThat((List<String>) a.get("known")).containsExactlyInAnyOrder(
        digest(one, world.a, 1), digest(one, world.a, 2), digest(one, world.a, 3), digest(one, world.a, 4),
        digest(one, world.a, 5), digest(one, world.a, 7));

    Map<String, Object> b = entry(plan, world.repository(two, world.b));
    assertThat(b).as("a build in flight").containsEntry("busy", true).containsEntry("service_exists", true);
    assertThat(keep(b)).containsExactlyEntriesOf(Map.of(digest(two, world.b, 1), List.of("live_production", "recent")));

    Map<String, Object> c = entry(plan, world.repository(two, world.c));
    assertThat(c).as("a deleted service").containsEntry("service_exists", false).containsEntry("busy", false);
    assertThat(keep(c)).isEmpty();
    assertThat((List<String>) c.get("known")).containsExactly(digest(two, world.c, 1));

    assertThat(entry(plan, world.repository(two, world.e)))
        .as("a superseded deployment whose push is still in flight").containsEntry("busy", true);

    List<String> repositories = plan.getList("repositories.repository");
    assertThat(repositories).isSorted();

    // keep_last 3 adds the third newest image, which is the live one.
    JsonPath three = open(Map.of("keep_last", 3, "dry_run", true), 200);
    assertThat(keep(entry(three, world.repository(one, world.a))))
        .containsEntry(digest(one, world.a, 4), List.of("live_production", "recent"))
        .doesNotContainKeys(digest(one, world.a, 1), digest(one, world.a, 2));
  }

  @Test
  void onlyOneRunIsOpenAtATimeUntilItEndsOrExpires() {
    JsonPath first = open(Map.of("keep_last", 2), 201);
    String runId = first.getString("run_id");
    assertThat(first.getString("phase")).isEqualTo("claim");
    assertThat(first.getBoolean("dry_run")).isFalse();
    assertThat(java.time.Instant.parse(first.getString("expires_at")))
        .isBetween(java.time.Instant.now().plus(Duration.ofMinutes(29)), java.time.Instant.now().plus(Duration.ofMinutes(31)));
    assertThat(first.getList("repositories")).isNotEmpty();

    Api.operator().body(Map.of()).post(RUNS).then().statusCode(409)
        .contentType("application/problem+json").body("code", equalTo("REGISTRY_GC_RUNNING"));
    open(Map.of("dry_run", true), 200);
    assertThat(db.count("select count(*) from registry_gc_runs where ended_at is null")).isEqualTo(1);

    Api.operator().delete(RUNS + "/" + runId).then().statusCode(204);
    Api.operator().delete(RUNS + "/" + runId).then().statusCode(204); // ending twice is no error
    String second = open(null, 201).getString("run_id");

    db.update("update registry_gc_runs set expires_at = opened_at + interval '1 millisecond' where id = ?", UUID.fromString(second));
    open(Map.of(), 201);
    claim(second, List.of()).statusCode(409).body("code", equalTo("REGISTRY_GC_RUN_ENDED"));
  }

  @Test
  void claimsAreDecidedWhenTheyArriveAndAGrantedImageIsNeverLaunchedAgain() {
    GcWorld world = world();
    String one = world.tenantOne;
    String two = world.tenantTwo;
    String repoA = world.repository(one, world.a);
    String repoB = world.repository(two, world.b);
    String runId = open(Map.of("keep_last", 2), 201).getString("run_id");

    // After the run opened, production of a rolls back to d2: its image, not kept at the open,
    // is needed now.
    Api.as(world.keyOne).body(Map.of("deployment_id", world.aProduction[2].toString()))
        .post("/v1/services/" + world.a + "/rollback").then().statusCode(202);

    String orphan = GcWorld.unknownDigest();
    String inFlight = GcWorld.unknownDigest();
    double imagesBefore = registryImages();
    JsonPath answer =
        claim(runId, List.of(
                image(repoA, digest(one, world.a, 1)),
                image(repoA, digest(one, world.a, 1)),
                image(repoA, digest(one, world.a, 2)),
                image(repoA, digest(one, world.a, 4)),
                image(repoA, digest(one, world.a, 7)),
                image(repoA, orphan),
                image(repoB, inFlight),
                image("cache/" + repoA, orphan),
                image("cache/" + repoB, orphan),
                image("dp-nobody-default/x", orphan),
                image("cache/dp-nobody-default/x", orphan)))
            .statusCode(200).extract().jsonPath();

    assertThat(answer.getList("granted")).containsExactly(
        image(repoA, digest(one, world.a, 1)), image(repoA, orphan), image("cache/" + repoA, orphan));
    assertThat(answer.getList("refused")).containsExactly(
        Map.of("repository", repoA, "digest", digest(one, world.a, 2), "reason", "not_terminal"),
        Map.of("repository", repoA, "digest", digest(one, world.a, 4), "reason", "live_production"),
        Map.of("repository", repoA, "digest", digest(one, world.a, 7), "reason", "not_terminal"),
        Map.of("repository", repoB, "digest", inFlight, "reason", "busy"),
        Map.of("repository", "cache/" + repoB, "digest", orphan, "reason", "busy"),
        Map.of("repository", "dp-nobody-default/x", "digest", orphan, "reason", "unknown_repository"),
        Map.of("repository", "cache/dp-nobody-default/x", "digest", orphan, "reason", "unknown_repository"));
    assertThat(db.column("select digest from registry_gc_collected where run_id = ? and repository = ?",
        UUID.fromString(runId), repoA)).containsExactlyInAnyOrder(digest(one, world.a, 1), orphan);
    // dp_registry_images: image 1 (a deployment's) is gone from the count; the orphan never was in it.
    assertThat(registryImages()).isEqualTo(imagesBefore - 1);

    // Image 1 is deleted from the registry now: rolling back to it is refused, and nothing starts.
    long deployments = db.count("select count(*) from deployments");
    int workflows = new Workflows(workflowClient).openCount();
    JsonPath refused =
        Api.as(world.keyOne).body(Map.of("deployment_id", world.aProduction[1].toString()))
            .post("/v1/services/" + world.a + "/rollback").then().statusCode(409)
            .contentType("application/problem+json").body("code", equalTo("IMAGE_COLLECTED"))
            .extract().jsonPath();
    assertThat(refused.getString("hint")).contains("/v1/services/" + world.a + "/deploys", GcWorld.sha(1));
    // The MCP tool shares the rule, its dry run too.
    try (McpSyncClient mcp = McpClients.connect(world.keyOne)) {
      for (boolean dryRun : List.of(true, false)) {
        McpSchema.CallToolResult result = McpClients.call(mcp, "rollback",
            Map.of("service", world.a, "deployment_id", world.aProduction[1].toString(), "dry_run", dryRun));
        assertThat(result.isError()).as("dry_run " + dryRun).isTrue();
        assertThat(McpClients.structured(result)).containsEntry("code", "IMAGE_COLLECTED");
      }
    }
    assertThat(db.count("select count(*) from deployments")).isEqualTo(deployments);
    assertThat(new Workflows(workflowClient).openCount()).isEqualTo(workflows);

    // A claim after the run ended grants nothing.
    Api.operator().delete(RUNS + "/" + runId).then().statusCode(204);
    claim(runId, List.of(image(repoA, digest(one, world.a, 2)))).statusCode(409)
        .body("code", equalTo("REGISTRY_GC_RUN_ENDED"));
    assertThat(db.count("select count(*) from registry_gc_collected where digest = ?", digest(one, world.a, 2))).isZero();
  }

  @Test
  void theSweepWaitsForPushesInFlightAndThenHoldsNewPushesBackUntilTheRunEnds() throws Exception {
    UUID building = world().bBuilding;
    db.update("delete from registry_gc_pushes");
    String runId = open(Map.of(), 201).getString("run_id");
    assertThat(push(building)).isInstanceOf(PushDecision.Granted.class);

    Api.operator().post(RUNS + "/" + runId + "/sweep").then().statusCode(409)
        .contentType("application/problem+json").body("code", equalTo("BUILDS_IN_FLIGHT"))
        .body("detail", equalTo("1 push is in flight; registry GC run " + runId + " stays in its claim phase"));
    assertThat(db.one("select sweep_at from registry_gc_runs where id = ?", UUID.fromString(runId))).isNull();

    try (Connection c = dataSource.getConnection()) {
      RegistryGcGate.endPush(c, building);
    }
    // Sweep and end take no body, so whatever Content-Type a client sends (or none) is fine.
    RequestSpecification bare = given().header("Authorization", "Bearer " + TestStack.OPERATOR_TOKEN)
        .contentType("text/plain");
    bare.post(RUNS + "/" + runId + "/sweep").then().statusCode(200)
        .body("phase", equalTo("sweep")).body("expires_at", org.hamcrest.Matchers.notNullValue());
    assertThat(push(building)).as("no push starts during the sweep").isInstanceOf(PushDecision.Sweeping.class);

    given().header("Authorization", "Bearer " + TestStack.OPERATOR_TOKEN).delete(RUNS + "/" + runId).then().statusCode(204);
    assertThat(push(building)).as("pushes resume when the run ends").isInstanceOf(PushDecision.Granted.class);
    Api.operator().post(RUNS + "/" + runId + "/sweep").then().statusCode(409).body("code", equalTo("REGISTRY_GC_RUN_ENDED"));
    db.update("delete from registry_gc_pushes");
  }

  private PushDecision push(UUID deployment) throws Exception {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      PushDecision decision = RegistryGcGate.beginPush(c, deployment, Duration.ofMinutes(35));
      c.commit();
      return decision;
    }
  }

  @Test
  void badRequestsAreRefusedWithTheFieldNamedAndWriteNothing() {
    long runs = db.count("select count(*) from registry_gc_runs");
    for (Object bad : List.of(0, 101, -1)) {
      Api.operator().body(Map.of("keep_last", bad)).post(RUNS).then().statusCode(422)
          .contentType("application/problem+json").body("code", equalTo("INVALID_FIELD")).body("field", equalTo("keep_last"));
    }
    Api.operator().body(Map.of("keep_last", "2")).post(RUNS).then().statusCode(400).body("code", equalTo("INVALID_TYPE"));
    Api.operator().body(Map.of("keep", 2)).post(RUNS).then().statusCode(400).body("code", equalTo("UNKNOWN_FIELD"));
    Api.operator().body("{\"keep_last\": ").post(RUNS).then().statusCode(400).body("code", equalTo("MALFORMED_JSON"));
    assertThat(db.count("select count(*) from registry_gc_runs")).isEqualTo(runs);

    String runId = open(Map.of(), 201).getString("run_id");
    String repoA = "dp-default-default/nothing";
    String someDigest = GcWorld.unknownDigest();
    for (String path : List.of("/claims", "/sweep")) {
      Api.operator().body(Map.of("digests", List.of())).post(RUNS + "/not-a-uuid" + path).then().statusCode(422)
          .body("code", equalTo("INVALID_FIELD")).body("field", equalTo("run_id"));
      Api.operator().body(Map.of("digests", List.of())).post(RUNS + "/" + UUID.randomUUID() + path).then().statusCode(409)
          .body("code", equalTo("REGISTRY_GC_RUN_ENDED"));
    }
    Api.operator().delete(RUNS + "/1-1-1-1-1").then().statusCode(422).body("field", equalTo("run_id"));
    Api.operator().delete(RUNS + "/" + UUID.randomUUID()).then().statusCode(409).body("code", equalTo("REGISTRY_GC_RUN_ENDED"));

    Api.operator().body(Map.of()).post(RUNS + "/" + runId + "/claims").then().statusCode(422)
        .body("code", equalTo("INVALID_FIELD")).body("field", equalTo("digests"));
    claim(runId, List.of(image(repoA, someDigest), image(repoA, "sha256:abc")))
        .statusCode(422).body("field", equalTo("digests[1].digest"));
    claim(runId, List.of(image("127.0.0.1:5000/" + repoA, someDigest),
            image("Dp-X/y", "md5:1")))
        .statusCode(422).body("field", equalTo("digests[0].repository"))
        .body("errors.field", equalTo(List.of("digests[0].repository", "digests[1].repository", "digests[1].digest")));
    Api.operator().body("{\"digests\": [{\"repository\": 1}]}").post(RUNS + "/" + runId + "/claims").then()
        .statusCode(400).body("code", equalTo("INVALID_TYPE"));
    assertThat(db.count("select count(*) from registry_gc_collected where run_id = ?", UUID.fromString(runId))).isZero();
    assertThat(db.one("select sweep_at from registry_gc_runs where id = ?", UUID.fromString(runId))).isNull();
    Api.operator().get(RUNS).then().statusCode(405).body("code", equalTo("METHOD_NOT_ALLOWED")).body("run_id", nullValue());
  }
}
