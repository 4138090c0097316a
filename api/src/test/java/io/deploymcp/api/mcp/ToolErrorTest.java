package io.deploymcp.api.mcp;

import static io.deploymcp.api.support.McpClients.call;
import static io.deploymcp.api.support.McpClients.structured;
import static io.deploymcp.api.support.McpClients.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.McpClients;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.api.support.Workflows;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every class of bad input comes back as a tool result with isError and {code, message, hint}
 * (the REST code), never a protocol error or a stack trace, and changes nothing: no row is
 * written and no workflow started.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class ToolErrorTest {
  @Inject DataSource dataSource;
  @Inject WorkflowClient workflowClient;

  private Db db;
  private Workflows workflows;
  private McpSyncClient client;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
    workflows = new Workflows(workflowClient);
    client = McpClients.connect(TestStack.BOOTSTRAP_KEY);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  /** Everything a tool call could have written or started. */
  private List<Long> state() {
    return List.of(
        db.count("select count(*) from services"), db.count("select count(*) from deployments"),
        db.count("select count(*) from env_vars"), db.count("select count(*) from projects"),
        db.count("select count(*) from services where deleted_at is not null"), (long) workflows.openCount());
  }

  /** Calls the tool, expects a user error with {@code code}, and that nothing changed. */
  private Map<String, Object> refused(String tool, Map<String, Object> arguments, String code) {
    List<Long> before = state();
    McpSchema.CallToolResult result = call(client, tool, arguments);
    assertThat(result.isError()).as(tool + " " + arguments).isTrue();
    Map<String, Object> error = structured(result);
    assertThat(error).as(text(result)).containsEntry("code", code).containsKeys("message", "hint");
    assertThat((String) error.get("message")).isNotBlank();
    assertThat((String) error.get("hint")).isNotBlank();
    assertThat(text(result)).startsWith(code + ": ").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(state()).as("nothing written or started").isEqualTo(before);
    return error;
  }

  private static Map<String, Object> service(String name, Object... more) {
    Map<String, Object> args = new HashMap<>(Map.of("name", name, "repo", "https://github.com/org/" + name));
    for (int i = 0; i < more.length; i += 2) {
      args.put((String) more[i], more[i + 1]);
    }
    return args;
  }

  @Test
  void refusesInvalidAndReservedNames() {
    refused("create_service", service("Bad_Name"), "INVALID_NAME");
    refused("create_service", service("-x"), "INVALID_NAME");
    refused("create_service", service("billing"), "NAME_RESERVED");
    refused("create_service", Map.of("repo", "https://github.com/org/x"), "INVALID_NAME");
  }

  @Test
  void refusesUnsafeReposAndOptionLikeBranches() {
    String name = Names.unique("mcp-bad");
    refused("create_service", service(name, "repo", "file:///etc/passwd"), "INVALID_REPO");
    refused("create_service", service(name, "repo", "https://user:token@github.com/org/x"), "INVALID_REPO");
    refused("create_service", service(name, "repo", "http://169.254.169.254/latest"), "INVALID_REPO");
    Map<String, Object> error =
        refused("create_service", service(name, "branch", "--upload-pack=touch /tmp/pwned"), "INVALID_REF");
    assertThat(error.toString()).contains("branch");
  }

  @Test
  @SuppressWarnings("unchecked")
  void refusesUnknownArgumentsAndWrongTypes() {
    String name = Names.unique("mcp-bad");
    Map<String, Object> unknown = refused("create_service", service(name, "app", "x"), "UNKNOWN_FIELD");
    assertThat((String) unknown.get("hint")).contains("Accepted arguments").contains("repo");
    refused("whoami", Map.of("verbose", true), "UNKNOWN_FIELD");

    Map<String, Object> wrongType = refused("create_service", service(name, "port", "8080"), "INVALID_TYPE");
    assertThat((List<Map<String, Object>>) wrongType.get("errors")).extracting(e -> e.get("field")).containsExactly("port");
    refused("create_service", service(name, "env", Map.of("A", 5)), "INVALID_TYPE");
    refused("create_service", service(name, "dry_run", "yes"), "INVALID_TYPE");
    refused("get_service", Map.of("name", 42), "INVALID_TYPE");
  }

  @Test
  void refusesOutOfRangeValues() {
    String name = Names.unique("mcp-bad");
    refused("create_service", service(name, "port", 70000), "INVALID_PORT");
    refused("create_service", service(name, "wait_seconds", 601), "INVALID_FIELD");
    refused("create_service", service(name, "wait_seconds", -1), "INVALID_FIELD");
    refused("create_service", service(name, "cpu", "64"), "INVALID_RESOURCES");
    refused("list_services", Map.of("limit", 0), "INVALID_LIMIT");
    refused("get_logs", Map.of("service", name, "limit", 5000), "INVALID_LIMIT");
    refused("create_service", service(name, "idempotency_key", ""), "INVALID_IDEMPOTENCY_KEY");
  }

  @Test
  @SuppressWarnings("unchecked")
  void reportsEveryInvalidFieldAtOnce() {
    Map<String, Object> error =
        refused("create_service", Map.of("name", "UPPER", "repo", "ftp://x", "port", 0), "INVALID_NAME");
    assertThat((List<Map<String, Object>>) error.get("errors")).extracting(e -> e.get("field"))
        .containsExactlyInAnyOrder("name", "repo", "port");
  }

  @Test
  void aNulInAnArgumentIsTheToolsErrorAndIsNotAudited() {
    String name = Names.unique("mcp-nul");
    long audit = db.count("select count(*) from audit_log");
    Map<String, Object> created = refused("create_service", service(name + "\u0000"), "CONTROL_CHARACTER");
    assertThat(created).containsEntry("message", "Field 'name' contains the control character U+0000");
    assertThat((String) created.get("hint")).contains("Remove U+0000");
    refused("create_service", service(name, "env", Map.of("TOKEN", "a\u0000b")), "CONTROL_CHARACTER");
    refused("get_service", Map.of("name", "x\u0000"), "CONTROL_CHARACTER");
    refused("set_env", Map.of("service", name, "key", "TOKEN", "value", "\u0000"), "CONTROL_CHARACTER");
    assertThat(db.count("select count(*) from services where name = ?", name)).isZero();
    assertThat(db.count("select count(*) from audit_log")).as("no half-request audited").isEqualTo(audit);
  }

  @Test
  void deleteNeedsTheNameConfirmed() {
    String name = Names.unique("mcp-keep");
    call(client, "create_service", service(name));
    refused("delete_service", Map.of("name", name), "CONFIRMATION_REQUIRED");
    refused("delete_service", Map.of("name", name, "confirm", name + "x"), "CONFIRMATION_REQUIRED");
    assertThat(db.count("select count(*) from services where name = ? and deleted_at is null", name)).isEqualTo(1);
  }

  @Test
  void reportsStateErrorsWithTheirRestCodes() {
    refused("get_service", Map.of("name", Names.unique("mcp-none")), "NOT_FOUND");
    refused("get_deployment", Map.of("deployment_id", UUID.randomUUID().toString()), "NOT_FOUND");
    refused("redeploy", Map.of("service", Names.unique("mcp-none")), "NOT_FOUND");
    refused("delete_service", Map.of("name", "mcp-none-x", "confirm", "mcp-none-x"), "NOT_FOUND");
    refused("unset_env", Map.of("service", Names.unique("mcp-none"), "key", "A"), "NOT_FOUND");

    String name = Names.unique("mcp-state");
    String deploymentId = (String) structured(call(client, "create_service", service(name))).get("deployment_id");
    refused("get_logs", Map.of("service", name, "type", "runtime"), "CLUSTER_NOT_CONFIGURED");
    refused("get_logs", Map.of("service", name, "type", "runtime", "environment", "staging"), "INVALID_ENVIRONMENT");
    refused("get_logs", Map.of("service", name, "type", "runtime", "limit", 0), "INVALID_LIMIT");
    refused("set_env", Map.of("service", name, "key", "1BAD", "value", "x"), "INVALID_ENV");
    refused("redeploy", Map.of("service", name, "environment", "staging"), "INVALID_ENVIRONMENT");

    db.update("update deployments set status = 'failed', finished_at = now() where id = ?", UUID.fromString(deploymentId));
    refused("cancel_deployment", Map.of("deployment_id", deploymentId), "DEPLOYMENT_FINISHED");
  }
}
