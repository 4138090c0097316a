package io.deploymcp.api.mcp.session;

import io.quarkiverse.mcp.server.Implementation;
import io.quarkiverse.mcp.server.InitialRequest;
import io.quarkiverse.mcp.server.McpServer;
import io.quarkiverse.mcp.server.runtime.ConnectionManager;
import io.quarkiverse.mcp.server.runtime.McpConnectionBase;
import io.quarkiverse.mcp.server.runtime.config.McpServerRuntimeConfig;
import io.quarkiverse.mcp.server.runtime.config.McpServersRuntimeConfig;
import jakarta.inject.Singleton;
import java.lang.reflect.Constructor;
import java.util.List;

/**
 * Gives the MCP extension (quarkus-mcp-server 1.13) a connection for a session it has not seen
 * in this process: the extension keeps Streamable HTTP sessions in its in-memory
 * {@link ConnectionManager} and answers 404 for any other id. The session was initialized on
 * some replica and recorded in {@code mcp_sessions}; here it becomes an initialized connection
 * under the same id, with the client info and protocol version its initialize named. The
 * extension has no public way to make one, so the connection class's constructor is reached by
 * reflection (checked at start, see {@link #McpConnections}); an upgrade of the extension that
 * changes it fails the application's start and {@code McpReplicasIT}, not a request.
 */
@Singleton
public class McpConnections {
  private static final String CONNECTION_CLASS =
      "io.quarkiverse.mcp.server.http.runtime.StreamableHttpMcpConnection";

  private final ConnectionManager connections;
  private final McpServerRuntimeConfig serverConfig;
  private final Constructor<?> constructor;

  public McpConnections(ConnectionManager connections, McpServersRuntimeConfig config) {
    this.connections = connections;
    this.serverConfig = config.servers().get(McpServer.DEFAULT);
    try {
      Class<?> type = Class.forName(CONNECTION_CLASS, false, ConnectionManager.class.getClassLoader());
      this.constructor = type.getDeclaredConstructor(String.class, McpServerRuntimeConfig.class, String.class);
      this.constructor.setAccessible(true);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("quarkus-mcp-server changed: cannot make " + CONNECTION_CLASS, e);
    }
  }

  /** Makes sure this process holds an initialized connection for {@code session}. */
  public synchronized void ensure(McpSession session) {
    if (connections.has(session.id())) {
      return;
    }
    McpConnectionBase connection;
    try {
      connection = (McpConnectionBase) constructor.newInstance(session.id(), serverConfig, McpServer.DEFAULT);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("could not make an MCP connection for a shared session", e);
    }
    InitialRequest initial = new InitialRequest(
        new Implementation(session.clientName(), session.clientVersion(), null),
        session.protocolVersion(),
        List.of(),
        InitialRequest.Transport.STREAMABLE_HTTP,
        false);
    if (!connection.initialize(initial) || !connection.setInitialized()) {
      throw new IllegalStateException("a new MCP connection refused to initialize");
    }
    connections.add(connection);
  }

  /** Forgets the connection of a session (ended, or renamed after its initialize). */
  public void drop(String id) {
    connections.remove(id);
  }

  /** Whether this process holds a connection for {@code id} (for tests). */
  public boolean holds(String id) {
    return connections.has(id);
  }
}
