package io.deploymcp.api.mcp;

import io.quarkiverse.mcp.server.Cancellation;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.Progress;
import io.quarkiverse.mcp.server.RawMessage;

/** What the MCP server hands a tool method: the raw tools/call, its session, progress and cancellation. */
public record ToolInvocation(RawMessage message, McpConnection connection, Progress progress, Cancellation cancellation) {}
