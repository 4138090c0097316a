package io.deploymcp.api.mcp;

import io.deploymcp.api.metrics.MetricsOperations;
import io.deploymcp.api.metrics.ServiceMetricsView;
import io.quarkiverse.mcp.server.Cancellation;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.Progress;
import io.quarkiverse.mcp.server.RawMessage;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Singleton;
import java.util.Locale;

/** get_metrics: the twin of GET /v1/services/{name}/metrics, over {@link MetricsOperations}. */
@Singleton
public class MetricsTools {
  private static final ToolSpec GET = ToolSpec.read("get_metrics", "service", "environment", "window");

  private final ToolRunner runner;
  private final MetricsOperations metrics;

  public MetricsTools(ToolRunner runner, MetricsOperations metrics) {
    this.runner = runner;
    this.metrics = metrics;
  }

  @Tool(
      name = "get_metrics",
      description = "CPU, memory vs limits, restarts, req/s, 5xx share, latency p50-p99 (Prometheus).",
      annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false),
      inputSchema = @Tool.InputSchema(generator = ToolSchemas.class),
      outputSchema = @Tool.OutputSchema(from = ServiceMetricsView.class, generator = ToolSchemas.class))
  @RunOnVirtualThread
  public ToolResponse getMetrics(RawMessage message, McpConnection connection, Progress progress, Cancellation cancellation) {
    return runner.run(
        GET, new ToolInvocation(message, connection, progress, cancellation),
        call -> {
          ToolArgs args = call.args();
          ServiceMetricsView view =
              metrics.read(call.caller(), args.requiredString("service"), args.string("environment"), args.string("window"));
          return ToolOutput.of(view, text(view));
        });
  }

  /** What a model reads: every figure with its unit, "none" where Prometheus had no series. */
  static String text(ServiceMetricsView v) {
    var http = v.http();
    return "Metrics of " + v.service() + " (" + v.environment() + ", last " + v.window() + "): CPU "
        + number(v.cpu().usageCores()) + " of " + number(v.cpu().limitCores()) + " cores; memory "
        + bytes(v.memory().workingSetBytes()) + " of " + bytes(v.memory().limitBytes()) + "; restarts "
        + (v.restarts() == null ? "none" : v.restarts().toString()) + "; HTTP " + number(http.requestsPerSecond())
        + " req/s, 5xx " + (http.errorRatio() == null ? "none" : String.format(Locale.ROOT, "%.2f%%", http.errorRatio() * 100))
        + ", latency p50/p95/p99 " + ms(http.latencySeconds().p50()) + "/" + ms(http.latencySeconds().p95()) + "/"
        + ms(http.latencySeconds().p99()) + " ms.";
  }

  private static String number(Double value) {
    return value == null ? "none" : String.format(Locale.ROOT, "%.3f", value);
  }

  private static String bytes(Long value) {
    return value == null ? "none" : String.format(Locale.ROOT, "%.1f MiB", value / (1024.0 * 1024.0));
  }

  private static String ms(Double seconds) {
    return seconds == null ? "none" : String.format(Locale.ROOT, "%.0f", seconds * 1000);
  }
}
