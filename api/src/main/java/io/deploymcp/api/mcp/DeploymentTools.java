package io.deploymcp.api.mcp;

import io.deploymcp.api.deployment.CancelledDeployment;
import io.deploymcp.api.deployment.DeployPlan;
import io.deploymcp.api.deployment.DeployRequestBody;
import io.deploymcp.api.deployment.DeployTrigger;
import io.deploymcp.api.deployment.DeploymentOperations;
import io.deploymcp.api.deployment.DeploymentRepository;
import io.deploymcp.api.deployment.DeploymentView;
import io.deploymcp.api.paging.Page;
import io.deploymcp.api.paging.PageRequest;
import io.deploymcp.api.problem.ProblemCode;
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

/** Deployment tools: the twins of the deploy, list, get and cancel routes, over {@link DeploymentOperations}. */
@Singleton
public class DeploymentTools {
  /** The fields of POST /v1/services/{name}/deploys. */
  static final List<String> DEPLOY_FIELDS = List.of("commit", "branch", "environment");

  private static final ToolSpec LIST = ToolSpec.read("list_deployments", "service", "limit", "cursor");
  private static final ToolSpec GET = ToolSpec.read("get_deployment", "deployment_id");
  private static final ToolSpec REDEPLOY =
      ToolSpec.mutating(
          "redeploy", "deployment.create", a -> "services/" + a.string("service") + "/deploys",
          "service", "commit", "branch", "environment", ToolSpec.IDEMPOTENCY_KEY, ToolSpec.WAIT_SECONDS,
          ToolSpec.DRY_RUN);
  private static final ToolSpec CANCEL =
      ToolSpec.mutating(
          "cancel_deployment", "deployment.cancel", a -> "deployments/" + a.string("deployment_id") + "/cancel",
          "deployment_id", ToolSpec.IDEMPOTENCY_KEY, ToolSpec.WAIT_SECONDS);

  private final ToolRunner runner;
  private final DeploymentOperations deployments;

  public DeploymentTools(ToolRunner runner, DeploymentOperations deployments) {
    this.runner = runner;
    this.deployments = deployments;
  }

  @Tool(
      name = "list_deployments",
      description = "A service's deployments, newest first, paged.",
      annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false),
      inputSchema = @Tool.InputSchema(generator = ToolSchemas.class),
      outputSchema = @Tool.OutputSchema(from = Page.class, generator = ToolSchemas.class))
  @RunOnVirtualThread
  public ToolResponse listDeployments(
      RawMessage message, McpConnection connection, Progress progress, Cancellation cancellation) {
    return runner.run(
        LIST, new ToolInvocation(message, connection, progress, cancellation),
        call -> {
          ToolArgs args = call.args();
          String service = args.requiredString("service");
          Page<DeploymentView> page =
              deployments.list(
                  call.caller(), service,
                  PageRequest.of(args.integer("limit", Integer.MIN_VALUE, Integer.MAX_VALUE, ProblemCode.INVALID_LIMIT),
                      args.string("cursor"), 2));
          String text =
              page.items().isEmpty()
                  ? "Service " + service + " has no deployments."
                  : page.items().size() + " deployment(s) of " + service + ", newest first: "
                      + page.items().stream().map(d -> d.id() + " " + d.status()).collect(Collectors.joining(", "))
                      + (page.nextCursor() == null ? "." : "; more with cursor.");
          return ToolOutput.of(page, text);
        });
  }

  @Tool(
      name = "get_deployment",
      description = "A deployment: status, phase times, commit, image; failure code, log tail, hint.",
      annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false),
      inputSchema = @Tool.InputSchema(generator = ToolSchemas.class),
      outputSchema = @Tool.OutputSchema(from = DeploymentView.class, generator = ToolSchemas.class))
  @RunOnVirtualThread
  public ToolResponse getDeployment(RawMessage message, McpConnection connection, Progress progress, Cancellation cancellation) {
    return runner.run(
        GET, new ToolInvocation(message, connection, progress, cancellation),
        call -> {
          DeploymentView view = deployments.get(call.caller(), call.args().requiredString("deployment_id"));
          return ToolOutput.of(view, describe(view));
        });
  }

  @Tool(
      name = "redeploy",
      description = "Deploy again (default: its branch), superseding older deploys.",
      annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = false, idempotentHint = false, openWorldHint = false),
      inputSchema = @Tool.InputSchema(generator = ToolSchemas.class),
      outputSchema = @Tool.OutputSchema(from = DeploymentView.class, generator = ToolSchemas.class))
  @RunOnVirtualThread
  public ToolResponse redeploy(RawMessage message, McpConnection connection, Progress progress, Cancellation cancellation) {
    return runner.run(
        REDEPLOY, new ToolInvocation(message, connection, progress, cancellation),
        call -> {
          String service = call.args().requiredString("service");
          DeployRequestBody body = call.args().body(DeployRequestBody.class, DEPLOY_FIELDS);
          if (call.dryRun()) {
            DeployPlan plan = deployments.planDeploy(call.caller(), service, body);
            return ToolOutput.of(plan, "Dry run, nothing started. " + plan.hint());
          }
          DeploymentView view = deployments.deploy(call.caller(), service, body, DeployTrigger.MCP);
          return new ToolOutput(
              view, "Deployment " + view.id() + " of " + service + " (" + view.environment() + ", ref "
                  + view.requestedRef() + ") is " + view.status() + ".",
              view.id());
        });
  }

  @Tool(
      name = "cancel_deployment",
      description = "Cancel an unfinished deployment.",
      annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = true, idempotentHint = true, openWorldHint = false),
      inputSchema = @Tool.InputSchema(generator = ToolSchemas.class),
      outputSchema = @Tool.OutputSchema(from = DeploymentView.class, generator = ToolSchemas.class))
  @RunOnVirtualThread
  public ToolResponse cancelDeployment(
      RawMessage message, McpConnection connection, Progress progress, Cancellation cancellation) {
    return runner.run(
        CANCEL, new ToolInvocation(message, connection, progress, cancellation),
        call -> {
          CancelledDeployment cancelled = deployments.cancel(call.caller(), call.args().requiredString("deployment_id"));
          DeploymentView view = cancelled.deployment();
          return new ToolOutput(
              cancelled, "Cancellation of deployment " + view.id() + " requested; it is " + view.status() + ".",
              view.id());
        });
  }

  static String describe(DeploymentView view) {
    String base = "Deployment " + view.id() + " of " + view.service() + " (" + view.environment() + ", ref "
        + view.requestedRef() + (view.commitSha() == null ? "" : ", commit " + view.commitSha()) + ")";
    if (DeploymentRepository.isTerminal(view)) {
      return base + ": " + DeploymentHints.ended(view);
    }
    return base + " is " + view.status() + ".";
  }
}
