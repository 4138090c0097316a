package io.deploymcp.api.mcp;

import io.deploymcp.api.deployment.DeploymentView;
import io.deploymcp.api.release.PublishRequest;
import io.deploymcp.api.release.ReleaseOperations;
import io.deploymcp.api.release.ReleasePlan;
import io.deploymcp.api.release.RollbackRequest;
import io.quarkiverse.mcp.server.Cancellation;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.Progress;
import io.quarkiverse.mcp.server.RawMessage;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * publish and rollback: the twins of POST /v1/services/{name}/publish and /rollback, over
 * {@link ReleaseOperations}. Both replace what production serves, hence destructive; each call
 * starts a new deployment, hence not idempotent (idempotency_key makes a retry safe).
 */
@Singleton
public class ReleaseTools {
  /** The fields of the publish and rollback bodies. */
  static final List<String> FIELDS = List.of("deployment_id");

  private static final ToolSpec PUBLISH =
      ToolSpec.mutating(
          "publish", "deployment.publish", a -> "services/" + a.string("service") + "/publish",
          "service", "deployment_id", ToolSpec.IDEMPOTENCY_KEY, ToolSpec.WAIT_SECONDS, ToolSpec.DRY_RUN);
  private static final ToolSpec ROLLBACK =
      ToolSpec.mutating(
          "rollback", "deployment.rollback", a -> "services/" + a.string("service") + "/rollback",
          "service", "deployment_id", ToolSpec.IDEMPOTENCY_KEY, ToolSpec.WAIT_SECONDS, ToolSpec.DRY_RUN);

  private final ToolRunner runner;
  private final ReleaseOperations releases;

  public ReleaseTools(ToolRunner runner, ReleaseOperations releases) {
    this.runner = runner;
    this.releases = releases;
  }

  @Tool(
      name = "publish",
      description = "Production runs a preview's image (default: its live one), no rebuild.",
      annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = true, idempotentHint = false, openWorldHint = false),
      inputSchema = @Tool.InputSchema(generator = ToolSchemas.class),
      outputSchema = @Tool.OutputSchema(from = DeploymentView.class, generator = ToolSchemas.class))
  @RunOnVirtualThread
  public ToolResponse publish(RawMessage message, McpConnection connection, Progress progress, Cancellation cancellation) {
    return runner.run(
        PUBLISH, new ToolInvocation(message, connection, progress, cancellation),
        call -> {
          String service = call.args().requiredString("service");
          PublishRequest body = call.args().body(PublishRequest.class, FIELDS);
          if (call.dryRun()) {
            return planned(releases.planPublish(call.caller(), service, body));
          }
          return started(releases.publish(call.caller(), service, body), "Publish");
        });
  }

  @Tool(
      name = "rollback",
      description = "Production runs an earlier image (default: the last good one), no rebuild.",
      annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = true, idempotentHint = false, openWorldHint = false),
      inputSchema = @Tool.InputSchema(generator = ToolSchemas.class),
      outputSchema = @Tool.OutputSchema(from = DeploymentView.class, generator = ToolSchemas.class))
  @RunOnVirtualThread
  public ToolResponse rollback(RawMessage message, McpConnection connection, Progress progress, Cancellation cancellation) {
    return runner.run(
        ROLLBACK, new ToolInvocation(message, connection, progress, cancellation),
        call -> {
          String service = call.args().requiredString("service");
          RollbackRequest body = call.args().body(RollbackRequest.class, FIELDS);
          if (call.dryRun()) {
            return planned(releases.planRollback(call.caller(), service, body));
          }
          return started(releases.rollback(call.caller(), service, body), "Rollback");
        });
  }

  private static ToolOutput planned(ReleasePlan plan) {
    return ToolOutput.of(plan, "Dry run, nothing started. " + plan.hint());
  }

  private static ToolOutput started(DeploymentView view, String what) {
    return new ToolOutput(
        view,
        what + " deployment " + view.id() + " of " + view.service() + " (production, image " + view.imageRef()
            + ", from deployment " + view.sourceDeploymentId() + ") is " + view.status() + ".",
        view.id());
  }
}
