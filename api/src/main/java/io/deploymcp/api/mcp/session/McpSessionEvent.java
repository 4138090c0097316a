package io.deploymcp.api.mcp.session;

/**
 * One server-to-client notification of a session's GET stream, numbered {@code seq} (1, 2, 3…
 * per session, in commit order): the SSE event id a client resumes from with Last-Event-ID.
 */
public record McpSessionEvent(long seq, String method, String paramsJson) {

  /** The JSON-RPC notification this event carries. */
  public String message() {
    return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}";
  }
}
