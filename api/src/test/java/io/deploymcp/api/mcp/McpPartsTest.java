package io.deploymcp.api.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deploymcp.api.deployment.DeploymentErrorView;
import io.deploymcp.api.deployment.DeploymentView;
import io.deploymcp.api.http.OwnTypesSnakeCase;
import io.deploymcp.api.service.ServiceSettings;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure parts of the MCP layer, table by table. */
class McpPartsTest {
  private static final AllowedOrigins DEFAULTS =
      new AllowedOrigins(List.of("http://localhost", "http://127.0.0.1", "http://[::1]", "https://agent.example:8443"));

  @ParameterizedTest
  @CsvSource({
    "http://localhost, true",
    "http://localhost:6274, true",
    "HTTP://LOCALHOST:3000, true",
    "http://127.0.0.1:8080, true",
    "http://[::1]:5173, true",
    "https://agent.example:8443, true",
    "https://localhost, false",
    "https://agent.example, false",
    "https://agent.example:9443, false",
    "http://localhost.evil.example, false",
    "http://evil.example, false",
    "null, false",
    "file://, false",
    "http://user@localhost, false",
    "http://localhost/path, false",
    "'', false"
  })
  void admitsOnlyConfiguredOrigins(String origin, boolean admitted) {
    assertThat(DEFAULTS.admits(origin)).as(origin).isEqualTo(admitted);
  }

  @Test
  void refusesAMisconfiguredOriginAtStart() {
    assertThatThrownBy(() -> new AllowedOrigins(List.of("localhost:3000")))
        .hasMessageContaining("DP_MCP_ALLOWED_ORIGINS");
  }

  @Test
  void listsTheSettingsAnUpdateChanges() {
    ServiceSettings before =
        new ServiceSettings("a", "default", "https://g/x", "main", "railpack", "", 8080, "250m", "256Mi", "web", null,
            null, "Dockerfile", null, List.of());
    ServiceSettings after =
        new ServiceSettings("a", "default", "https://g/x", "main", "railpack", "", 9090, "250m", "256Mi", "web", null,
            "/healthz", "Dockerfile", 7L, List.of("libs"));
    assertThat(before.changesTo(after)).extracting(ServiceSettings.FieldChange::field)
        .containsExactly("port", "health_check_path", "github_installation_id", "watch_paths");
    assertThat(before.changesTo(before)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"queued, 0", "cloning, 1", "building, 2", "deploying, 3", "running, 5", "failed, 5", "cancelled, 5",
    "superseded, 5"})
  void placesEachStatusOnTheProgressScale(String status, int step) {
    assertThat(DeploymentWaiter.step(status)).isEqualTo(step);
  }

  @Test
  void explainsAFinishedDeployment() {
    DeploymentView failed = view("failed", new DeploymentErrorView("building", "BUILD_FAILED", "x", "tail", "Fix the Dockerfile."));
    assertThat(DeploymentWaiter.message(failed)).isEqualTo("failed: BUILD_FAILED");
    assertThat(DeploymentHints.ended(failed))
        .isEqualTo("Deployment " + failed.id() + " failed while building with BUILD_FAILED. Fix the Dockerfile."
            + " get_logs with deployment_id " + failed.id() + " shows its build log.");
    assertThat(DeploymentHints.ended(view("running", null))).endsWith("is running.");
    assertThat(DeploymentHints.afterWait(view("building", null), 30)).startsWith("Still building after 30 s");
  }

  @Test
  void namesOurTypesSnakeCaseAndLeavesTheMcpProtocolTypesCamelCase() throws Exception {
    ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(new OwnTypesSnakeCase());
    String ours = mapper.writeValueAsString(new RemovedEnvVar("svc", "KEY", "h"));
    assertThat(ours).contains("\"service\"").contains("\"key\"");
    String view = mapper.writeValueAsString(view("queued", null));
    assertThat(view).contains("\"requested_ref\"").doesNotContain("requestedRef");
    String mcp = mapper.writeValueAsString(new ToolResponse(true, List.of(new TextContent("t")), "s", null));
    assertThat(mcp).contains("\"isError\"").contains("\"structuredContent\"").doesNotContain("is_error");
  }

  private static DeploymentView view(String status, DeploymentErrorView error) {
    return new DeploymentView(
        UUID.randomUUID(), "svc", "production", status, "mcp", null, "main", null, null, null, "deploy-x", null, null, null,
        null, null, null, error);
  }
}
