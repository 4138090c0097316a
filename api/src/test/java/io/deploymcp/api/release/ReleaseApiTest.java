package io.deploymcp.api.release;

import static io.deploymcp.api.support.Releases.image;
import static io.deploymcp.api.support.Releases.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.Releases;
import io.deploymcp.api.support.Tenants;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.api.support.WorkflowPayloads;
import io.deploymcp.api.support.Workflows;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST /v1/services/{name}/publish and /rollback: a new production deployment that runs an
 * earlier deployment's image, started without a build; every refusal writes no row and starts
 * no workflow. The worker's records of rollouts come from the worker stand-in.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class ReleaseApiTest {
  @Inject DataSource dataSource;
  @Inject WorkflowClient workflowClient;

  private Db db;
  private Workflows workflows;
  private Releases releases;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
    workflows = new Workflows(workflowClient);
    releases = new Releases(db);
  }

  private static ValidatableResponse post(RequestSpecification as, String name, String action, Object body) {
    RequestSpecification request = body == null ? as : as.body(body);
    return request.post("/v1/services/" + name + "/" + action).then();
  }

  /** The input DeployWorkflow was started with. */
  private JsonNode workflowInput(String deploymentId) throws Exception {
    var started = workflows.history("deploy-" + deploymentId).getEvents(0).getWorkflowExecutionStartedEventAttributes();
    return new ObjectMapper().readTree(WorkflowPayloads.json(started.getInput().getPayloads(0)));
  }

  private Map<String, String> memo(String deploymentId) {
    return WorkflowPayloads.strings(
        workflows.describe("deploy-" + deploymentId).orElseThrow().getWorkflowExecutionInfo().getMemo().getFieldsMap());
  }

  /** Asserts the request is refused with {@code status}/{@code code} and leaves no row and no workflow. */
  private JsonPath refused(RequestSpecification as, Releases.Service service, String action, Object body, int status,
      String code) {
    long rows = releases.deploymentsOf(service.id());
    long all = db.count("select count(*) from deployments");
    int open = workflows.openCount();
    JsonPath problem =
        post(as, service.name(), action, body).statusCode(status)
            .contentType("application/problem+json").body("code", equalTo(code)).extract().jsonPath();
    assertThat(problem.getString("hint")).as(code + " hint").isNotBlank();
    assertThat(releases.deploymentsOf(service.id())).as(code + ": no deployment row").isEqualTo(rows);
    assertThat(db.count("select count(*) from deployments")).isEqualTo(all);
    assertThat(workflows.openCount()).as(code + ": no workflow").isEqualTo(open);
    return problem;
  }

  @Test
  @SuppressWarnings("unchecked")
  void publishRunsTheLivePreviewsImageInProductionWithoutABuild() throws Exception {
    Releases.Service service = releases.withLiveProduction("pub");
    UUID preview = releases.rolledOut(service.name(), "preview", 1);

    JsonPath published = post(Api.admin(), service.name(), "publish", null).statusCode(202).extract().jsonPath();
    String id = published.getString("id");
    assertThat(published.getString("environment")).isEqualTo("production");
    assertThat(published.getString("status")).isEqualTo("queued");
    assertThat(published.getString("trigger")).isEqualTo("publish");
    assertThat(published.getString("source_deployment_id")).isEqualTo(preview.toString());
    assertThat(published.getString("image_ref")).isEqualTo(image(service.name(), 1));
    assertThat(published.getString("commit_sha")).isEqualTo(sha(service.name(), 1));
    assertThat(published.getString("requested_ref")).isEqualTo(sha(service.name(), 1));
    assertThat(published.getBoolean("build_skipped")).isTrue();
    assertThat(db.one("select source_deployment_id from deployments where id = ?", UUID.fromString(id))).isEqualTo(preview);

    // The workflow runs the image by digest: with imageRef set it skips checkout and build.
    JsonNode input = workflowInput(id);
    assertThat(input.get("imageRef").asText()).isEqualTo(image(service.name(), 1));
    assertThat(input.get("deploymentId").asText()).isEqualTo(id);
    assertThat(input.get("serviceId").asText()).isEqualTo(service.id().toString());
    assertThat(memo(id)).containsEntry("environment", "production")
        .containsEntry("image_ref", image(service.name(), 1)).containsEntry("source_deployment_id", preview.toString());

    assertThat(db.column("select outcome || ' ' || (detail->>'status') from audit_log"
        + " where action = 'deployment.publish' and target = ?", "services/" + service.name() + "/publish"))
        .containsExactly("accepted 202");

    // Until the worker reports the rollout, production still serves its old deployment.
    JsonPath before = Api.admin().get("/v1/services/" + service.name()).then().statusCode(200).extract().jsonPath();
    assertThat(before.getString("environments.production.live_deployment_id")).isEqualTo(service.firstDeployment().toString());
    assertThat(before.getString("environments.preview.live_deployment_id")).isEqualTo(preview.toString());
    releases.worker().rollOut(UUID.fromString(id), null, image(service.name(), 1));
    JsonPath after = Api.admin().get("/v1/services/" + service.name()).then().statusCode(200).extract().jsonPath();
    Map<String, Object> production = after.getMap("environments.production");
    assertThat(production).containsEntry("live_deployment_id", id)
        .containsEntry("image_ref", image(service.name(), 1)).containsEntry("commit_sha", sha(service.name(), 1))
        .containsEntry("url", "https://" + service.name() + ".apps.test").containsEntry("last_failure", null);
    assertThat((String) production.get("live_since")).startsWith("20");
    assertThat(after.getString("environments.preview.url")).isEqualTo("https://preview-" + service.name() + ".apps.test");
  }

  @Test
  void publishOfANamedPreviewDeploymentThatRanButIsNoLongerLive() throws Exception {
    Releases.Service service = releases.withLiveProduction("pub-named");
    UUID older = releases.rolledOut(service.name(), "preview", 1);
    releases.rolledOut(service.name(), "preview", 2);

    String id =
        post(Api.admin(), service.name(), "publish", Map.of("deployment_id", older.toString())).statusCode(202)
            .body("source_deployment_id", equalTo(older.toString()))
            .body("image_ref", equalTo(image(service.name(), 1)))
            .extract().path("id");
    assertThat(workflowInput(id).get("imageRef").asText()).isEqualTo(image(service.name(), 1));
  }

  @Test
  void publishRefusalsWriteNothingAndStartNothing() {
    Releases.Service fresh = releases.create("pub-none");
    refused(Api.admin(), fresh, "publish", null, 409, "NOTHING_TO_PUBLISH");

    Releases.Service service = releases.withLiveProduction("pub-err");
    UUID livePreview = releases.rolledOut(service.name(), "preview", 1);
    UUID queuedPreview = releases.deploy(service.name(), "preview");
    UUID failedPreview = releases.failed(service.name(), "preview");
    Releases.Service other = releases.withLiveProduction("pub-other");
    UUID otherPreview = releases.rolledOut(other.name(), "preview", 5);

    JsonPath notFound =
        refused(Api.admin(), service, "publish", Map.of("deployment_id", UUID.randomUUID().toString()), 404,
            "DEPLOYMENT_NOT_FOUND");
    assertThat(notFound.getString("detail")).contains(service.name());
    refused(Api.admin(), service, "publish", Map.of("deployment_id", otherPreview.toString()), 404, "DEPLOYMENT_NOT_FOUND");
    String stranger = new Tenants(db).newTenantWithKey("pub-stranger-" + System.nanoTime(), "deploy");
    refused(Api.as(stranger), service, "publish", null, 404, "NOT_FOUND");

    JsonPath production =
        refused(Api.admin(), service, "publish", Map.of("deployment_id", service.firstDeployment().toString()), 409,
            "DEPLOYMENT_NOT_PUBLISHABLE");
    assertThat(production.getString("detail")).contains("production deployment");
    assertThat(
            refused(Api.admin(), service, "publish", Map.of("deployment_id", queuedPreview.toString()), 409,
                "DEPLOYMENT_NOT_PUBLISHABLE").getString("detail"))
        .contains("status is queued");
    assertThat(
            refused(Api.admin(), service, "publish", Map.of("deployment_id", failedPreview.toString()), 409,
                "DEPLOYMENT_NOT_PUBLISHABLE").getString("detail"))
        .contains("status is failed");

    JsonPath invalid =
        refused(Api.admin(), service, "publish", Map.of("deployment_id", "not-a-uuid"), 422, "INVALID_FIELD");
    assertThat(invalid.getString("field")).isEqualTo("deployment_id");
    refused(Api.admin(), service, "publish", Map.of("deployment_id", 42), 400, "INVALID_TYPE");
    refused(Api.admin(), service, "publish", Map.of("deployment", livePreview.toString()), 400, "UNKNOWN_FIELD");
    refused(Api.as(new Tenants(db).defaultTenantKey("read")), service, "publish", null, 403, "INSUFFICIENT_SCOPE");

    // Once production runs the preview's image, publishing it again changes nothing.
    String published = post(Api.admin(), service.name(), "publish", null).statusCode(202).extract().path("id");
    releases.worker().rollOut(UUID.fromString(published), null, image(service.name(), 1));
    JsonPath alreadyLive = refused(Api.admin(), service, "publish", null, 409, "ALREADY_LIVE");
    assertThat(alreadyLive.getString("detail")).contains(image(service.name(), 1)).contains(published);

    assertThat(
            db.column("select detail->>'code' from audit_log where action = 'deployment.publish' and target = ?"
                + " and outcome = 'rejected' order by id", "services/" + service.name() + "/publish"))
        .containsExactly("DEPLOYMENT_NOT_FOUND", "DEPLOYMENT_NOT_FOUND", "NOT_FOUND", "DEPLOYMENT_NOT_PUBLISHABLE",
            "DEPLOYMENT_NOT_PUBLISHABLE", "DEPLOYMENT_NOT_PUBLISHABLE", "INVALID_FIELD", "INVALID_TYPE",
            "UNKNOWN_FIELD", "INSUFFICIENT_SCOPE", "ALREADY_LIVE");
  }

  @Test
  void rollbackReturnsProductionToThePreviousGoodDeployment() throws Exception {
    Releases.Service service = releases.withLiveProduction("rb");
    UUID good = service.firstDeployment();
    UUID current = releases.rolledOut(service.name(), "production", 1);
    UUID crashed = releases.failed(service.name(), "production");

    JsonPath status = Api.admin().get("/v1/services/" + service.name()).then().statusCode(200).extract().jsonPath();
    assertThat(status.getString("environments.production.live_deployment_id")).isEqualTo(current.toString());
    assertThat(status.getMap("environments.production.last_failure"))
        .containsEntry("deployment_id", crashed.toString()).containsEntry("code", "CRASH_LOOP")
        .containsEntry("phase", "deploying").containsEntry("hint", "Fix the crash.")
        .doesNotContainKey("log_tail");
    assertThat(status.getString("environments.preview.live_deployment_id")).isNull();

    // The last attempt crashed while the live one kept serving: rolling back restores the live
    // deployment (the cluster's Deployment still points at the crashed image).
    JsonPath rollback = post(Api.admin(), service.name(), "rollback", null).statusCode(202).extract().jsonPath();
    String id = rollback.getString("id");
    assertThat(rollback.getString("trigger")).isEqualTo("rollback");
    assertThat(rollback.getString("environment")).isEqualTo("production");
    assertThat(rollback.getString("source_deployment_id")).isEqualTo(current.toString());
    assertThat(rollback.getString("image_ref")).isEqualTo(image(service.name(), 1));
    assertThat(workflowInput(id).get("imageRef").asText()).isEqualTo(image(service.name(), 1));
    assertThat(db.one("select trigger || ' ' || source_deployment_id from deployments where id = ?", UUID.fromString(id)))
        .isEqualTo("rollback " + current);
    assertThat(db.column("select outcome from audit_log where action = 'deployment.rollback' and target = ?",
        "services/" + service.name() + "/rollback")).containsExactly("accepted");

    // Restored and live again: now the previous good is the one before it, with another image.
    releases.worker().rollOut(UUID.fromString(id), null, image(service.name(), 1));
    String back = post(Api.admin(), service.name(), "rollback", null).statusCode(202)
        .body("source_deployment_id", equalTo(good.toString()))
        .body("image_ref", equalTo(image(service.name(), 0)))
        .extract().jsonPath().getString("id");

    // Rolled back: the previous good is now the one it replaced.
    releases.worker().rollOut(UUID.fromString(back), null, image(service.name(), 0));
    post(Api.admin(), service.name(), "rollback", null).statusCode(202)
        .body("image_ref", equalTo(image(service.name(), 1)));
  }

  @Test
  void rollbackToANamedProductionDeploymentAndItsRefusals() {
    Releases.Service fresh = releases.create("rb-none");
    refused(Api.admin(), fresh, "rollback", null, 409, "NOTHING_TO_ROLL_BACK");
    Releases.Service single = releases.withLiveProduction("rb-single");
    JsonPath nothing = refused(Api.admin(), single, "rollback", null, 409, "NOTHING_TO_ROLL_BACK");
    assertThat(nothing.getString("detail")).contains(single.firstDeployment().toString());

    Releases.Service service = releases.withLiveProduction("rb-named");
    UUID first = service.firstDeployment();
    UUID second = releases.rolledOut(service.name(), "production", 1);
    UUID live = releases.rolledOut(service.name(), "production", 2);
    UUID preview = releases.rolledOut(service.name(), "preview", 3);
    UUID crashed = releases.failed(service.name(), "production");

    assertThat(
            refused(Api.admin(), service, "rollback", Map.of("deployment_id", preview.toString()), 409,
                "DEPLOYMENT_NOT_ROLLBACKABLE").getString("detail"))
        .contains("preview deployment");
    assertThat(
            refused(Api.admin(), service, "rollback", Map.of("deployment_id", crashed.toString()), 409,
                "DEPLOYMENT_NOT_ROLLBACKABLE").getString("detail"))
        .contains("status is failed");
    refused(Api.admin(), service, "rollback", Map.of("deployment_id", single.firstDeployment().toString()), 404,
        "DEPLOYMENT_NOT_FOUND");
    refused(Api.admin(), service, "rollback", Map.of("deployment_id", live.toString()), 409, "ALREADY_LIVE");

    post(Api.admin(), service.name(), "rollback", Map.of("deployment_id", first.toString())).statusCode(202)
        .body("source_deployment_id", equalTo(first.toString()))
        .body("image_ref", equalTo(image(service.name(), 0)));
    // With that rollback under way, naming the live deployment is no longer a no-op: it would
    // supersede the rollback and keep production where it is.
    post(Api.admin(), service.name(), "rollback", Map.of("deployment_id", live.toString())).statusCode(202)
        .body("source_deployment_id", equalTo(live.toString()));
    assertThat(releases.live(service.id(), "production")).isEqualTo(live);
    assertThat(second).isNotNull();
  }

  @Test
  void theSameIdempotencyKeyReplaysAPublishInsteadOfStartingAnother() {
    Releases.Service service = releases.withLiveProduction("pub-idem");
    releases.rolledOut(service.name(), "preview", 1);
    long rows = releases.deploymentsOf(service.id());
    String first =
        post(Api.admin().header("Idempotency-Key", "publish-" + service.name()), service.name(), "publish", null)
            .statusCode(202).extract().path("id");
    String again =
        post(Api.admin().header("Idempotency-Key", "publish-" + service.name()), service.name(), "publish", null)
            .statusCode(202).extract().path("id");
    assertThat(again).isEqualTo(first);
    assertThat(releases.deploymentsOf(service.id())).isEqualTo(rows + 1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void servicesShowEachEnvironmentInListsToo() {
    Releases.Service service = releases.withLiveProduction("env-list");
    UUID preview = releases.rolledOut(service.name(), "preview", 1);
    UUID failed = releases.failed(service.name(), "preview");
    List<Map<String, Object>> items =
        Api.admin().queryParam("limit", 200).get("/v1/services").then().statusCode(200).extract().jsonPath().getList("items");
    Map<String, Object> listed = items.stream().filter(s -> service.name().equals(s.get("name"))).findFirst().orElseThrow();
    Map<String, Map<String, Object>> environments = (Map<String, Map<String, Object>>) listed.get("environments");
    assertThat(environments.get("production")).containsEntry("live_deployment_id", service.firstDeployment().toString())
        .containsEntry("last_failure", null);
    assertThat(environments.get("preview")).containsEntry("live_deployment_id", preview.toString())
        .containsEntry("image_ref", image(service.name(), 1));
    assertThat((Map<String, Object>) environments.get("preview").get("last_failure"))
        .containsEntry("deployment_id", failed.toString());

    // A worker has no Service or Ingress, hence no URL per environment.
    Api.admin().body(Map.of("kind", "worker")).patch("/v1/services/" + service.name()).then().statusCode(200)
        .body("environments.production.url", equalTo(null))
        .body("environments.preview.url", equalTo(null))
        .body("environments.preview.live_deployment_id", equalTo(preview.toString()));
  }
}
