package io.deploymcp.api.support;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Clients of the official Java MCP SDK over Streamable HTTP against the API under test, as an
 * agent would connect: base URL, {@code /mcp}, a bearer key. Output schemas are checked by the
 * SDK itself (schema caching on).
 */
public final class McpClients {
  public static final String CLIENT_NAME = "deploy-mcp-tests";
  public static final String CLIENT_VERSION = "1.2.3";

  private McpClients() {}

  /** A connected and initialized client; progress notifications land in {@code progress}. */
  public static McpSyncClient connect(String key, List<McpSchema.ProgressNotification> progress) {
    McpSyncClient client = build(key, progress);
    client.initialize();
    return client;
  }

  public static McpSyncClient connect(String key) {
    return connect(key, new CopyOnWriteArrayList<>());
  }

  /** A client not yet initialized (to see initialize fail). */
  public static McpSyncClient build(String key, List<McpSchema.ProgressNotification> progress) {
    HttpClientStreamableHttpTransport.Builder transport =
        HttpClientStreamableHttpTransport.builder(baseUrl()).endpoint("/mcp");
    if (key != null) {
      transport.httpRequestCustomizer(
          (request, method, endpoint, body, context) -> request.header("Authorization", "Bearer " + key));
    }
    return McpClient.sync(transport.build())
        .clientInfo(McpSchema.Implementation.builder(CLIENT_NAME, CLIENT_VERSION).build())
        .requestTimeout(Duration.ofSeconds(60))
        .initializationTimeout(Duration.ofSeconds(20))
        .enableCallToolSchemaCaching(true)
        .progressConsumer(progress::add)
        .build();
  }

  public static String baseUrl() {
    return "http://127.0.0.1:" + RestAssured.port;
  }

  /** Calls a tool with the given arguments. */
  public static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
    return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build());
  }

  /** The structured content of a result as a map. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> structured(McpSchema.CallToolResult result) {
    return (Map<String, Object>) result.structuredContent();
  }

  /** The text content of a result. */
  public static String text(McpSchema.CallToolResult result) {
    return ((McpSchema.TextContent) result.content().getFirst()).text();
  }
}
