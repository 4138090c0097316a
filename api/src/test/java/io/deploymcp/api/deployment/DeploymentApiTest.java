package io.deploymcp.api.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.api.support.WorkflowPayloads;
import io.deploymcp.api.support.Workflows;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redeploy, read and cancel deployments. */
@QuarkusTest
@WithTestResource(TestStack.class)
class DeploymentApiTest {
  @Inject DataSource dataSource;
  @Inject WorkflowClient workflowClient;

  private Db db;
  private Workflows workflows;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
    workflows = new Workflows(workflowClient);
  }

  private String service() {
    String name = Names.unique("dep");
    Api.admin().body(Map.of("name", name, "repo", "https://github.com/org/dep", "branch", "develop"))
        .post("/v1/services").then().statusCode(202);
    return name;
  }

  @Test
  void redeployQueuesANewDeploymentAndStartsItsWorkflow() {
    String name = service();
    JsonPath deployment =
        Api.admin().body(Map.of("commit", "ABCDEF1234567", "environment", "preview"))
            .post("/v1/services/" + name + "/deploys").then().statusCode(202).extract().jsonPath();
    String id = deployment.getString("id");
    assertThat(deployment.getString("status")).isEqualTo("queued");
    assertThat(deployment.getString("service")).isEqualTo(name);
    assertThat(deployment.getString("environment")).isEqualTo("preview");
    assertThat(deployment.getString("requested_ref")).isEqualTo("abcdef1234567");
    assertThat(deployment.getString("workflow_id")).isEqualTo("deploy-" + id);

    var info = workflows.describe("deploy-" + id).orElseThrow().getWorkflowExecutionInfo();
    assertThat(WorkflowPayloads.strings(info.getMemo().getFieldsMap()))
        .containsEntry("commit_requested", "abcdef1234567")
        .containsEntry("environment", "preview");
    assertThat(WorkflowPayloads.strings(info.getSearchAttributes().getIndexedFieldsMap()))
        .containsEntry("DpDeploymentId", id).containsEntry("DpServiceName", name);

    JsonPath defaults =
        Api.admin().post("/v1/services/" + name + "/deploys").then().statusCode(202).extract().jsonPath();
    assertThat(defaults.getString("requested_ref")).as("the service's branch").isEqualTo("develop");
    assertThat(defaults.getString("environment")).isEqualTo("production");
    JsonPath branch =
        Api.admin().body(Map.of("branch", "feature/x")).post("/v1/services/" + name + "/deploys").then().statusCode(202).extract().jsonPath();
    assertThat(branch.getString("requested_ref")).isEqualTo("feature/x");

    Api.admin().get("/v1/services/" + name).then().body("latest_deployment.id", equalTo(branch.getString("id")));
  }

  @Test
  void listsDeploymentsNewestFirstInPages() {
    String name = service();
    Api.admin().post("/v1/services/" + name + "/deploys").then().statusCode(202);
    String newest = Api.admin().post("/v1/services/" + name + "/deploys").then().statusCode(202).extract().jsonPath().getString("id");

    JsonPath page1 = Api.admin().queryParam("limit", 2).get("/v1/services/" + name + "/deployments").then().statusCode(200).extract().jsonPath();
    List<String> ids = page1.getList("items.id", String.class);
    assertThat(ids).hasSize(2).first().isEqualTo(newest);
    JsonPath page2 =
        Api.admin().queryParam("limit", 2).queryParam("cursor", page1.getString("next_cursor"))
            .get("/v1/services/" + name + "/deployments").then().statusCode(200).extract().jsonPath();
    assertThat(page2.getList("items.id", String.class)).hasSize(1).doesNotContainAnyElementsOf(ids);
    assertThat(page2.getString("next_cursor")).isNull();
  }

  @Test
  void getShowsPhaseTimingsAndTheStructuredError() {
    String name = service();
    String id = Api.admin().post("/v1/services/" + name + "/deploys").then().statusCode(202).extract().jsonPath().getString("id");
    // What the worker records when a build fails.
    db.update(
        "update deployments set status = 'failed', cloning_at = now(), building_at = now(), finished_at = now(),"
            + " error_phase = 'building', error_code = 'BUILDKIT_NOT_CONFIGURED', error_message = 'no buildkit',"
            + " error_hint = 'set BUILDKIT_HOST', error_log_tail = 'tail' where id = ?",
        UUID.fromString(id));
    Api.admin().get("/v1/deployments/" + id).then().statusCode(200)
        .body("status", equalTo("failed"))
        .body("error.phase", equalTo("building"))
        .body("error.code", equalTo("BUILDKIT_NOT_CONFIGURED"))
        .body("error.hint", equalTo("set BUILDKIT_HOST"))
        .body("error.log_tail", equalTo("tail"))
        .body("building_at", startsWith("20"));
    Api.admin().get("/v1/deployments/" + UUID.randomUUID()).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    Api.admin().get("/v1/deployments/not-a-uuid").then().statusCode(404);
  }

  @Test
  void cancelRequestsCancellationOfTheWorkflow() {
    String name = service();
    String id = Api.admin().post("/v1/services/" + name + "/deploys").then().statusCode(202).extract().jsonPath().getString("id");

    Api.admin().post("/v1/deployments/" + id + "/cancel").then().statusCode(202)
        .body("id", equalTo(id)).body("hint", startsWith("Cancellation requested"));

    assertThat(workflows.history("deploy-" + id).getEventsList())
        .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
  }

  @Test
  void cancelOfAFinishedDeploymentIsAConflict() {
    String name = service();
    String id = Api.admin().post("/v1/services/" + name + "/deploys").then().statusCode(202).extract().jsonPath().getString("id");
    db.update("update deployments set status = 'running', finished_at = now() where id = ?", UUID.fromString(id));
    Api.admin().post("/v1/deployments/" + id + "/cancel").then().statusCode(409).body("code", equalTo("DEPLOYMENT_FINISHED"));
    assertThat(workflows.history("deploy-" + id).getEventsList())
        .noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
  }

  @Test
  void cancelOfADeploymentWhoseWorkflowIsGoneRecordsItDirectly() {
    String name = service();
    String id = Api.admin().post("/v1/services/" + name + "/deploys").then().statusCode(202).extract().jsonPath().getString("id");
    workflowClient.newUntypedWorkflowStub("deploy-" + id).terminate("test: the workflow ended without recording");
    Api.admin().post("/v1/deployments/" + id + "/cancel").then().statusCode(202).body("status", equalTo("cancelled"));
    assertThat(db.one("select status from deployments where id = ?", UUID.fromString(id))).isEqualTo("cancelled");
  }
}
