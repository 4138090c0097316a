package io.deploymcp.api.mcp;

import io.deploymcp.api.logs.LogLineView;
import io.deploymcp.api.logs.LogOperations;
import io.deploymcp.api.logs.LogPageView;
import io.deploymcp.api.logs.LogsView;
import io.deploymcp.api.logs.RuntimeLogView;
import io.quarkiverse.mcp.server.Cancellation;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.Progress;
import io.quarkiverse.mcp.server.RawMessage;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Singleton;

/** get_logs: the twin of GET /v1/services/{name}/logs, over {@link LogOperations}. */
@Singleton
public class LogTools {
  private static final ToolSpec GET = ToolSpec.read(
      "get_logs", "service", "type", "deployment_id", "limit", "cursor", "environment", "previous", "since", "until",
      "contains", "level", "order");

  private final ToolRunner runner;
  private final LogOperations logs;

  public LogTools(ToolRunner runner, LogOperations logs) {
    this.runner = runner;
    this.logs = logs;
  }

  @Tool(
      name = "get_logs",
      description = "Build or pod (type runtime) logs; filterable, secrets masked.",
      annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false),
      inputSchema = @Tool.InputSchema(generator = ToolSchemas.class),
      outputSchema = @Tool.OutputSchema(from = LogPageView.class, generator = ToolSchemas.class))
  @RunOnVirtualThread
  public ToolResponse getLogs(RawMessage message, McpConnection connection, Progress progress, Cancellation cancellation) {
    return runner.run(
        GET, new ToolInvocation(message, connection, progress, cancellation),
        call -> {
          ToolArgs args = call.args();
          Integer limit = args.integer("limit", Integer.MIN_VALUE, Integer.MAX_VALUE, io.deploymcp.api.problem.ProblemCode.INVALID_LIMIT);
          String previous = args.has("previous") ? Boolean.toString(args.flag("previous")) : null;
          LogsView answer =
              logs.read(
                  call.caller(), args.requiredString("service"),
                  new LogOperations.Params(
                      args.string("type"), args.string("deployment_id"), limit == null ? null : limit.toString(),
                      args.string("cursor"), args.string("environment"), previous, args.string("since"),
                      args.string("until"), args.string("contains"), args.string("level"), args.string("order")));
          if (answer instanceof RuntimeLogView runtime) {
            return ToolOutput.of(runtime, text(runtime));
          }
          LogPageView page = (LogPageView) answer;
          return ToolOutput.of(page, text(page));
        });
  }

  /** The summary followed by the runtime lines, each with its pod. */
  private static String text(RuntimeLogView logs) {
    StringBuilder out = new StringBuilder();
    out.append(logs.items().size()).append(logs.previous() ? " previous-instance" : "").append(" runtime log line(s) of ")
        .append(logs.environment()).append(" (").append(logs.workload()).append(") from ").append(logs.source())
        .append(logs.nextCursor() != null ? "; more with cursor" : logs.truncated() ? ", older lines left out" : "")
        .append(':');
    for (RuntimeLogView.Line line : logs.items()) {
      out.append('\n').append(line.pod()).append(": ").append(line.line());
    }
    for (String note : logs.notes()) {
      out.append("\n(").append(note).append(')');
    }
    return out.toString();
  }

  /** The summary followed by the lines themselves, which is what a model reads. */
  private static String text(LogPageView page) {
    if (page.deploymentId() == null) {
      return "Service " + page.service() + " has no deployment yet, so no log.";
    }
    StringBuilder out = new StringBuilder();
    out.append(page.items().size()).append(' ').append(page.type()).append(" log line(s) of deployment ")
        .append(page.deploymentId()).append(" (").append(page.deploymentStatus()).append(")")
        .append(page.nextCursor() == null ? ":" : "; more with cursor:");
    for (LogLineView line : page.items()) {
      out.append('\n').append(line.seq()).append(' ').append(line.stream()).append(": ").append(line.line());
    }
    return out.toString();
  }
}
