package io.deploymcp.api.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.api.support.WorkflowPayloads;
import io.deploymcp.api.support.Workflows;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST contract of /v1/services against real PostgreSQL and Temporal's test server. */
@QuarkusTest
@WithTestResource(TestStack.class)
class ServiceApiTest {
  private static final String REPO = "https://github.com/deploy-mcp/example-app";

  @Inject DataSource dataSource;
  @Inject WorkflowClient workflowClient;

  private Db db;
  private Workflows workflows;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
    workflows = new Workflows(workflowClient);
  }

  private static JsonPath create(Map<String, Object> body, int status) {
    return Api.admin().body(body).post("/v1/services").then().statusCode(status).extract().jsonPath();
  }

  @Test
  void createAnswersAtOnceWithUrlAndQueuedDeployment() {
    String name = Names.unique("shop");
    JsonPath created = create(Map.of("name", name, "repo", REPO), 202);

    assertThat(created.getString("name")).isEqualTo(name);
    assertThat(created.getString("url")).isEqualTo("https://" + name + ".apps.test");
    assertThat(created.getString("project")).isEqualTo("default");
    assertThat(created.getString("branch")).isEqualTo("main");
    assertThat(created.getString("build_pack")).isEqualTo("railpack");
    assertThat(created.getString("kind")).isEqualTo("web");
    assertThat(created.getInt("port")).isEqualTo(8080);
    assertThat(created.getString("cpu")).isEqualTo("250m");
    assertThat(created.getString("memory")).isEqualTo("256Mi");
    assertThat(created.getBoolean("existing")).isFalse();
    String deploymentId = created.getString("deployment_id");
    assertThat(created.getString("deployment.id")).isEqualTo(deploymentId);
    assertThat(created.getString("deployment.status")).isEqualTo("queued");
    assertThat(created.getString("deployment.environment")).isEqualTo("production");
    assertThat(created.getString("deployment.workflow_id")).isEqualTo("deploy-" + deploymentId);

    assertThat(db.count("select count(*) from services where name = ? and deleted_at is null", name)).isEqualTo(1);
    assertThat(db.one("select status from deployments where id = ?", UUID.fromString(deploymentId))).isEqualTo("queued");
  }

  @Test
  void createStartsDeployWorkflowWithSearchAttributesMemoAndIdsOnlyInput() throws Exception {
    String name = Names.unique("attrs");
    JsonPath created =
        create(Map.of("name", name, "repo", REPO, "env", Map.of("API_TOKEN", "s3cr3t-value")), 202);
    String deploymentId = created.getString("deployment_id");
    String workflowId = "deploy-" + deploymentId;

    WorkflowExecutionInfo info = workflows.describe(workflowId).orElseThrow().getWorkflowExecutionInfo();
    assertThat(info.getType().getName()).isEqualTo("DeployWorkflow");
    assertThat(info.getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(info.getTaskQueue()).isEqualTo("deploy-mcp");
    assertThat(WorkflowPayloads.strings(info.getSearchAttributes().getIndexedFieldsMap()))
        .containsEntry("DpServiceName", name)
        .containsEntry("DpTenant", "default")
        .containsEntry("DpDeploymentId", deploymentId)
        .containsEntry("DpPhase", "queued");
    assertThat(WorkflowPayloads.strings(info.getMemo().getFieldsMap()))
        .containsEntry("service", name)
        .containsEntry("repo", REPO)
        .containsEntry("environment", "production")
        .containsEntry("commit_requested", "main");

    HistoryEvent started = workflows.history(workflowId).getEvents(0);
    String input = WorkflowPayloads.json(started.getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0));
    JsonNode inputJson = new ObjectMapper().readTree(input);
    // Ids only; imageRef (issue 5: the image a publish or rollback runs) is null for a deploy from source.
    assertThat(inputJson.properties().stream().map(Map.Entry::getKey).toList())
        .containsExactlyInAnyOrder("tenantId", "serviceId", "deploymentId", "imageRef");
    assertThat(inputJson.get("imageRef").isNull()).isTrue();
    assertThat(inputJson.get("deploymentId").asText()).isEqualTo(deploymentId);
    assertThat(inputJson.get("serviceId").asText()).isEqualTo(created.getString("id"));
    assertThat(workflows.history(workflowId).toString()).doesNotContain("s3cr3t-value");
  }

  @Test
  void createAppliesRequestedSettings() {
    String name = Names.unique("custom");
    JsonPath created =
        create(
            Map.ofEntries(
                Map.entry("name", name),
                Map.entry("repo", REPO),
                Map.entry("branch", "release/1.x"),
                Map.entry("project", "batch"),
                Map.entry("build_pack", "dockerfile"),
                Map.entry("root_dir", "services/jobs/"),
                Map.entry("port", 9000),
                Map.entry("cpu", "0.5"),
                Map.entry("memory", "1Gi"),
                Map.entry("kind", "cron"),
                Map.entry("schedule", "*/15 * * * *"),
                Map.entry("health_check_path", "/healthz")),
            202);
    assertThat(created.getString("branch")).isEqualTo("release/1.x");
    assertThat(created.getString("project")).isEqualTo("batch");
    assertThat(created.getString("build_pack")).isEqualTo("dockerfile");
    assertThat(created.getString("root_dir")).isEqualTo("services/jobs");
    assertThat(created.getInt("port")).isEqualTo(9000);
    assertThat(created.getString("cpu")).isEqualTo("500m");
    assertThat(created.getString("memory")).isEqualTo("1Gi");
    assertThat(created.getString("kind")).isEqualTo("cron");
    assertThat(created.getString("schedule")).isEqualTo("*/15 * * * *");
    assertThat(created.getString("health_check_path")).isEqualTo("/healthz");
    assertThat(created.getString("deployment.requested_ref")).isEqualTo("release/1.x");
    assertThat(db.one("select cpu_millis from services where name = ? and deleted_at is null", name)).isEqualTo(500);
    assertThat(db.one("select memory_mib from services where name = ? and deleted_at is null", name)).isEqualTo(1024);

    Api.admin().get("/v1/projects").then().statusCode(200).body("items.name", hasItems("default", "batch"));
  }

  @Test
  void getShowsTheServiceWithItsLatestDeployment() {
    String name = Names.unique("reader");
    String deploymentId = create(Map.of("name", name, "repo", REPO), 202).getString("deployment_id");
    Api.admin()
        .get("/v1/services/" + name)
        .then()
        .statusCode(200)
        .body("name", equalTo(name))
        .body("url", equalTo("https://" + name + ".apps.test"))
        .body("latest_deployment.id", equalTo(deploymentId))
        .body("latest_deployment.status", equalTo("queued"))
        .body("latest_deployment.error", nullValue());
  }

  @Test
  void unknownServiceIsNotFound() {
    Api.admin().get("/v1/services/no-such-service").then().statusCode(404).body("code", equalTo("NOT_FOUND"));
  }

  @Test
  void listPagesByNameAndFiltersByProject() {
    String project = Names.unique("pg");
    List<String> names = List.of(Names.unique("list-a"), Names.unique("list-b"), Names.unique("list-c"));
    for (String name : names) {
      create(Map.of("name", name, "repo", REPO, "project", project), 202);
    }
    JsonPath first =
        Api.admin().queryParam("project", project).queryParam("limit", 2).get("/v1/services").then().statusCode(200).extract().jsonPath();
    assertThat(first.getList("items.name", String.class)).containsExactly(names.get(0), names.get(1));
    assertThat(first.getList("items.latest_deployment.status", String.class)).containsOnly("queued");
    String cursor = first.getString("next_cursor");
    assertThat(cursor).isNotBlank();
    JsonPath second =
        Api.admin().queryParam("project", project).queryParam("limit", 2).queryParam("cursor", cursor).get("/v1/services")
            .then().statusCode(200).extract().jsonPath();
    assertThat(second.getList("items.name", String.class)).containsExactly(names.get(2));
    assertThat(second.getString("next_cursor")).isNull();
  }

  @Test
  void identicalCreateReturnsTheExistingServiceAndBuildsNothing() {
    String name = Names.unique("twice");
    JsonPath first = create(Map.of("name", name, "repo", REPO), 202);
    int openBefore = workflows.openCount();
    long deploymentsBefore = db.count("select count(*) from deployments");

    JsonPath second = create(Map.of("name", name, "repo", REPO), 200);

    assertThat(second.getBoolean("existing")).isTrue();
    assertThat(second.getString("id")).isEqualTo(first.getString("id"));
    assertThat(second.getString("deployment_id")).isEqualTo(first.getString("deployment_id"));
    assertThat(second.getString("hint")).contains("nothing new was built");
    assertThat(db.count("select count(*) from deployments")).isEqualTo(deploymentsBefore);
    assertThat(workflows.openCount()).isEqualTo(openBefore);
  }

  @Test
  void sameNameWithAnotherRepoIsTaken() {
    String name = Names.unique("clash");
    create(Map.of("name", name, "repo", REPO), 202);
    Api.admin()
        .body(Map.of("name", name, "repo", "https://github.com/someone/else"))
        .post("/v1/services")
        .then()
        .statusCode(409)
        .body("code", equalTo("NAME_TAKEN"))
        .body("hint", notNullValue());
  }

  @Test
  void patchChangesSettingsButNotNameOrProject() {
    String name = Names.unique("patchme");
    create(Map.of("name", name, "repo", REPO), 202);
    int openBefore = workflows.openCount();

    Api.admin()
        .body(Map.of("port", 9090, "cpu", "1", "health_check_path", "/ready"))
        .patch("/v1/services/" + name)
        .then()
        .statusCode(200)
        .body("port", equalTo(9090))
        .body("cpu", equalTo("1"))
        .body("health_check_path", equalTo("/ready"))
        .body("memory", equalTo("256Mi"))
        .body("hint", startsWith("Changes apply with the next deploy"));
    assertThat(workflows.openCount()).as("PATCH deploys nothing").isEqualTo(openBefore);

    Api.admin().body(Map.of("health_check_path", "")).patch("/v1/services/" + name).then().statusCode(200)
        .body("health_check_path", nullValue());

    Api.admin().body(Map.of("name", "renamed")).patch("/v1/services/" + name).then().statusCode(422)
        .body("code", equalTo("IMMUTABLE_FIELD")).body("field", equalTo("name"));
    Api.admin().body(Map.of("project", "elsewhere")).patch("/v1/services/" + name).then().statusCode(422)
        .body("code", equalTo("IMMUTABLE_FIELD"));
    Api.admin().body(Map.of("port", 70000, "kind", "cron")).patch("/v1/services/" + name).then().statusCode(422)
        .body("errors.code", hasItems("INVALID_PORT", "SCHEDULE_REQUIRED"));
    assertThat(db.one("select port from services where name = ? and deleted_at is null", name)).isEqualTo(9090);
  }

  @Test
  void deleteHidesTheServiceAtOnceStartsCleanupAndFreesTheName() throws Exception {
    String name = Names.unique("gone");
    JsonPath created = create(Map.of("name", name, "repo", REPO), 202);
    String serviceId = created.getString("id");

    JsonPath deleted =
        Api.admin().delete("/v1/services/" + name).then().statusCode(202).extract().jsonPath();
    assertThat(deleted.getString("workflow_id")).isEqualTo("delete-service-" + serviceId);

    Api.admin().get("/v1/services/" + name).then().statusCode(404);
    Api.admin().get("/v1/deployments/" + created.getString("deployment_id")).then().statusCode(404);
    assertThat(db.one("select deleted_at is not null from services where id = ?", UUID.fromString(serviceId))).isEqualTo(true);
    WorkflowExecutionInfo info =
        workflows.describe("delete-service-" + serviceId).orElseThrow().getWorkflowExecutionInfo();
    assertThat(info.getType().getName()).isEqualTo("DeleteServiceWorkflow");
    String input =
        WorkflowPayloads.json(
            workflows.history("delete-service-" + serviceId).getEvents(0)
                .getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0));
    assertThat(new ObjectMapper().readTree(input).properties().stream().map(Map.Entry::getKey).toList())
        .containsExactlyInAnyOrder("tenantId", "serviceId");

    Api.admin().delete("/v1/services/" + name).then().statusCode(404);
    JsonPath again = create(Map.of("name", name, "repo", REPO), 202);
    assertThat(again.getString("id")).isNotEqualTo(serviceId);
  }
}
