package io.deploymcp.api.mcp;

/** A tool's own work: call one application service and say what came of it. */
@FunctionalInterface
public interface ToolBody {
  ToolOutput run(ToolCall call);
}
