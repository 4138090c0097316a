package io.deploymcp.api.mcp;

import io.deploymcp.api.paging.Items;
import io.deploymcp.api.project.ProjectRepository;
import io.deploymcp.api.project.ProjectView;
import io.deploymcp.api.whoami.WhoamiView;
import io.quarkiverse.mcp.server.Cancellation;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.Progress;
import io.quarkiverse.mcp.server.RawMessage;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.stream.Collectors;

/** whoami and list_projects: the twins of GET /v1/whoami and GET /v1/projects. */
@Singleton
public class AccountTools {
  private static final ToolSpec WHOAMI = ToolSpec.read("whoami");
  private static final ToolSpec LIST_PROJECTS = ToolSpec.read("list_projects");

  private final ToolRunner runner;
  private final ProjectRepository projects;

  public AccountTools(ToolRunner runner, ProjectRepository projects) {
    this.runner = runner;
    this.projects = projects;
  }

  @Tool(
      name = "whoami",
      description = "Tenant, key and scopes of this session; call it first.",
      annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false),
      inputSchema = @Tool.InputSchema(generator = ToolSchemas.class),
      outputSchema = @Tool.OutputSchema(from = WhoamiView.class, generator = ToolSchemas.class))
  @RunOnVirtualThread
  public ToolResponse whoami(RawMessage message, McpConnection connection, Progress progress, Cancellation cancellation) {
    return runner.run(
        WHOAMI, new ToolInvocation(message, connection, progress, cancellation),
        call -> {
          WhoamiView view = WhoamiView.of(call.caller());
          return ToolOutput.of(
              view,
              "Key " + view.keyPrefix() + " of tenant " + view.tenant() + "; scopes: " + String.join(", ", view.scopes())
                  + (view.restriction() == null ? "" : "; restricted to " + call.caller().restriction().describe()) + ".");
        });
  }

  @Tool(
      name = "list_projects",
      description = "Your projects with service counts.",
      annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false),
      inputSchema = @Tool.InputSchema(generator = ToolSchemas.class),
      outputSchema = @Tool.OutputSchema(from = Items.class, generator = ToolSchemas.class))
  @RunOnVirtualThread
  public ToolResponse listProjects(
      RawMessage message, McpConnection connection, Progress progress, Cancellation cancellation) {
    return runner.run(
        LIST_PROJECTS, new ToolInvocation(message, connection, progress, cancellation),
        call -> {
          List<ProjectView> list = projects.list(call.caller().tenantId(), call.caller().restriction());
          String text =
              list.isEmpty()
                  ? "No projects yet; create_service creates project default."
                  : list.size() + " project(s): "
                      + list.stream().map(p -> p.name() + " (" + p.services() + " services)").collect(Collectors.joining(", "))
                      + ".";
          return ToolOutput.of(new Items<>(list), text);
        });
  }
}
