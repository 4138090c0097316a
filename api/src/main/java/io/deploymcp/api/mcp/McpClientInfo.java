package io.deploymcp.api.mcp;

import io.quarkiverse.mcp.server.Implementation;
import io.quarkiverse.mcp.server.InitialRequest;
import io.quarkiverse.mcp.server.McpConnection;

/** The MCP client behind a session, as its initialize request named it; kept in the audit log. */
public record McpClientInfo(String name, String version) {
  private static final int MAX = 100;

  public static McpClientInfo of(McpConnection connection) {
    InitialRequest initial = connection == null ? null : connection.initialRequest();
    Implementation impl = initial == null ? null : initial.implementation();
    if (impl == null) {
      return new McpClientInfo("unknown", "unknown");
    }
    return new McpClientInfo(bounded(impl.name()), bounded(impl.version()));
  }

  /** "name/version", as the audit log's client column holds it. */
  public String label() {
    return name + "/" + version;
  }

  private static String bounded(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "unknown";
    }
    String cut = raw.length() > MAX ? raw.substring(0, MAX) : raw;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
