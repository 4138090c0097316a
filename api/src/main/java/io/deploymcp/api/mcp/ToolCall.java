package io.deploymcp.api.mcp;

import io.deploymcp.api.auth.Caller;

/** One authorized tools/call as a tool body sees it: who calls, with which arguments, and whether only to plan. */
public record ToolCall(Caller caller, ToolArgs args, boolean dryRun) {}
