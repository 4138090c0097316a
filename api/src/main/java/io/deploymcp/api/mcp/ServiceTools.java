package io.deploymcp.api.mcp;

import io.deploymcp.api.deployment.DeployTrigger;
import io.deploymcp.api.deployment.DeploymentView;
import io.deploymcp.api.paging.Page;
import io.deploymcp.api.paging.PageRequest;
import io.deploymcp.api.problem.JsonProblems;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.service.CreatePlan;
import io.deploymcp.api.service.CreateServiceRequest;
import io.deploymcp.api.service.CreatedService;
import io.deploymcp.api.service.DeletedService;
import io.deploymcp.api.service.EnvironmentView;
import io.deploymcp.api.service.ServiceOperations;
import io.deploymcp.api.service.ServiceView;
import io.deploymcp.api.service.UpdatePlan;
import io.deploymcp.api.service.UpdateServiceRequest;
import io.deploymcp.api.service.UpdatedService;
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

/**
 * Service tools, each the twin of a /v1/services route calling the same {@link ServiceOperations}
 * method: arguments are the REST fields, bound by the same strict mapper.
 */
@Singleton
public class ServiceTools {
  /** The fields of POST /v1/services, in the order of {@link CreateServiceRequest}. */
  static final List<String> CREATE_FIELDS =
      List.of(
          "name", "repo", "branch", "project", "build_pack", "root_dir", "port", "cpu", "memory", "env", "env_plain",
          "kind", "schedule", "health_check_path", "dockerfile_path", "github_installation_id", "watch_paths");
  /** The fields of PATCH /v1/services/{name} a tool may change (name identifies the service). */
  static final List<String> UPDATE_FIELDS =
      List.of(
          "repo", "branch", "build_pack", "root_dir", "port", "cpu", "memory", "kind", "schedule",
          "health_check_path", "dockerfile_path", "github_installation_id", "watch_paths");

  private static final ToolSpec CREATE =
      ToolSpec.mutating(
          "create_service", "service.create", a -> "services/" + a.string("name"),
          with(CREATE_FIELDS, ToolSpec.IDEMPOTENCY_KEY, ToolSpec.WAIT_SECONDS, ToolSpec.DRY_RUN));
  private static final ToolSpec GET = ToolSpec.read("get_service", "name");
  private static final ToolSpec LIST = ToolSpec.read("list_services", "project", "limit", "cursor");
  private static final ToolSpec UPDATE =
      ToolSpec.mutating(
          "update_service", "service.update", a -> "services/" + a.string("name"),
          with(UPDATE_FIELDS, "name", ToolSpec.IDEMPOTENCY_KEY, ToolSpec.DRY_RUN));
  private static final ToolSpec DELETE =
      ToolSpec.mutating(
          "delete_service", "service.delete", a -> "services/" + a.string("name"),
          "name", "confirm", ToolSpec.IDEMPOTENCY_KEY);

  private final ToolRunner runner;
  private final ServiceOperations services;

  public ServiceTools(ToolRunner runner, ServiceOperations services) {
    this.runner = runner;
    this.services = services;
  }

  @Tool(
      name = "create_service",
      description = "Create and deploy a service from a git repo; names are global subdomains; same name+repo"
          + " returns it.",
      annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = false, idempotentHint = true, openWorldHint = false),
      inputSchema = @Tool.InputSchema(generator = ToolSchemas.class),
      outputSchema = @Tool.OutputSchema(from = CreatedService.class, generator = ToolSchemas.class))
  @RunOnVirtualThread
  public ToolResponse createService(
      RawMessage message, McpConnection connection, Progress progress, Cancellation cancellation) {
    return runner.run(
        CREATE, new ToolInvocation(message, connection, progress, cancellation),
        call -> {
          CreateServiceRequest request = call.args().body(CreateServiceRequest.class, CREATE_FIELDS);
          if (call.dryRun()) {
            CreatePlan plan = services.planCreate(call.caller(), request);
            return ToolOutput.of(plan, "Dry run, nothing changed. " + plan.hint());
          }
          ServiceOperations.CreateOutcome outcome = services.create(call.caller(), request, DeployTrigger.MCP);
          CreatedService created = outcome.body();
          if (!outcome.created()) {
            return ToolOutput.of(
                created, "Service " + created.service().name() + " already exists with this repo ("
                    + created.service().url() + "); nothing new was built.");
          }
          return new ToolOutput(
              created,
              "Created service " + created.service().name() + " (" + created.service().url() + "); deployment "
                  + created.deploymentId() + " is queued.",
              created.deploymentId());
        });
  }

  @Tool(
      name = "get_service",
      description = "A service: settings, latest deployment with its failure, live deploy per environment.",
      annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false),
      inputSchema = @Tool.InputSchema(generator = ToolSchemas.class),
      outputSchema = @Tool.OutputSchema(from = ServiceView.class, generator = ToolSchemas.class))
  @RunOnVirtualThread
  public ToolResponse getService(RawMessage message, McpConnection connection, Progress progress, Cancellation cancellation) {
    return runner.run(
        GET, new ToolInvocation(message, connection, progress, cancellation),
        call -> {
          ServiceView view = services.show(call.caller(), call.args().requiredString("name"));
          return ToolOutput.of(view, describe(view));
        });
  }

  @Tool(
      name = "list_services",
      description = "Your services, a page at a time.",
      annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false),
      inputSchema = @Tool.InputSchema(generator = ToolSchemas.class),
      outputSchema = @Tool.OutputSchema(from = Page.class, generator = ToolSchemas.class))
  @RunOnVirtualThread
  public ToolResponse listServices(RawMessage message, McpConnection connection, Progress progress, Cancellation cancellation) {
    return runner.run(
        LIST, new ToolInvocation(message, connection, progress, cancellation),
        call -> {
          ToolArgs args = call.args();
          Page<ServiceView> page =
              services.list(
                  call.caller(), args.string("project"),
                  PageRequest.of(args.integer("limit", Integer.MIN_VALUE, Integer.MAX_VALUE, ProblemCode.INVALID_LIMIT),
                      args.string("cursor"), 1));
          String text =
              page.items().isEmpty()
                  ? "No services."
                  : page.items().size() + " service(s): "
                      + page.items().stream().map(s -> s.name() + " (" + status(s.latestDeployment()) + ")")
                          .collect(Collectors.joining(", "))
                      + (page.nextCursor() == null ? "." : "; more with cursor.");
          return ToolOutput.of(page, text);
        });
  }

  @Tool(
      name = "update_service",
      description = "Change settings for the next redeploy; dry_run lists changes.",
      annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = true, idempotentHint = true, openWorldHint = false),
      inputSchema = @Tool.InputSchema(generator = ToolSchemas.class),
      outputSchema = @Tool.OutputSchema(from = UpdatedService.class, generator = ToolSchemas.class))
  @RunOnVirtualThread
  public ToolResponse updateService(RawMessage message, McpConnection connection, Progress progress, Cancellation cancellation) {
    return runner.run(
        UPDATE, new ToolInvocation(message, connection, progress, cancellation),
        call -> {
          String name = call.args().requiredString("name");
          UpdateServiceRequest request = call.args().body(UpdateServiceRequest.class, UPDATE_FIELDS);
          if (call.dryRun()) {
            UpdatePlan plan = services.planUpdate(call.caller(), name, request);
            return ToolOutput.of(plan, "Dry run, nothing changed. " + plan.hint());
          }
          UpdatedService updated = services.update(call.caller(), name, request);
          return ToolOutput.of(
              updated, "Updated service " + name + "; the changes apply with the next deploy (redeploy).");
        });
  }

  @Tool(
      name = "delete_service",
      description = "Delete a service and cancel its deploys; confirm = name.",
      annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = true, idempotentHint = true, openWorldHint = false),
      inputSchema = @Tool.InputSchema(generator = ToolSchemas.class),
      outputSchema = @Tool.OutputSchema(from = DeletedService.class, generator = ToolSchemas.class))
  @RunOnVirtualThread
  public ToolResponse deleteService(RawMessage message, McpConnection connection, Progress progress, Cancellation cancellation) {
    return runner.run(
        DELETE, new ToolInvocation(message, connection, progress, cancellation),
        call -> {
          String name = call.args().requiredString("name");
          String confirm = call.args().string("confirm");
          if (!name.equals(confirm)) {
            throw JsonProblems.fieldProblem(
                ProblemCode.CONFIRMATION_REQUIRED, "confirm",
                confirm == null
                    ? "Deleting service '" + name + "' needs confirm"
                    : "confirm does not match the service name '" + name + "'",
                "Pass confirm equal to the service name to delete it; nothing was deleted.");
          }
          DeletedService deleted = services.delete(call.caller(), name);
          return ToolOutput.of(deleted, "Deleted service " + name + "; its cleanup runs in the background.");
        });
  }

  /** One line about a service, how its latest deployment stands, and what each environment serves. */
  static String describe(ServiceView view) {
    DeploymentView latest = view.latestDeployment();
    String base = "Service " + view.name() + " (" + view.url() + ", repo " + view.repo() + " branch " + view.branch() + ")";
    if (latest == null) {
      return base + " has no deployment yet.";
    }
    String live = " Live: production " + live(view.environments().production()) + ", preview "
        + live(view.environments().preview()) + ".";
    if (io.deploymcp.api.deployment.DeploymentRepository.isTerminal(latest)) {
      return base + ": " + DeploymentHints.ended(latest) + live;
    }
    return base + ": deployment " + latest.id() + " is " + latest.status() + "." + live;
  }

  private static String live(EnvironmentView environment) {
    String deployment = environment.liveDeploymentId() == null
        ? "none"
        : "deployment " + environment.liveDeploymentId()
            + (environment.commitSha() == null ? "" : " (commit " + environment.commitSha() + ")");
    return deployment + cluster(environment.live());
  }

  /** The cluster's view in a few words: replicas, restarts, the first unhealthy pod's reason. */
  private static String cluster(io.deploymcp.api.cluster.LiveStatusView live) {
    if (live == null) {
      return "";
    }
    if (!io.deploymcp.api.cluster.LiveStatusView.OK.equals(live.state())) {
      return " [cluster " + live.state() + ": " + live.reason() + "]";
    }
    if (!Boolean.TRUE.equals(live.deployed())) {
      return " [not on the cluster]";
    }
    String unhealthy = live.pods().stream()
        .filter(p -> p.reason() != null)
        .findFirst()
        .map(p -> ", pod " + p.name() + " " + p.reason()
            + (p.lastTerminationReason() == null ? "" : " (last exit: " + p.lastTerminationReason() + ")"))
        .orElse("");
    return " [" + live.readyReplicas() + "/" + live.desiredReplicas() + " ready, " + live.restarts() + " restarts"
        + unhealthy + "]";
  }

  private static String status(DeploymentView latest) {
    return latest == null ? "no deployment" : latest.status();
  }

  private static String[] with(List<String> fields, String... more) {
    return java.util.stream.Stream.concat(fields.stream(), java.util.Arrays.stream(more)).toArray(String[]::new);
  }
}
