package io.deploymcp.api.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.deploymcp.api.auth.ApiKeys;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.McpClients;
import io.deploymcp.api.support.McpHttp;
import io.deploymcp.api.support.Tenants;
import io.deploymcp.api.support.TestStack;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may talk to /mcp: the same bearer keys as REST, checked on every HTTP request before the
 * MCP server reads it, and only from admitted browser origins.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class McpAccessTest {
  @Inject DataSource dataSource;

  private Db db;
  private Tenants tenants;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
    tenants = new Tenants(db);
  }

  @Test
  void initializesWithAKeyAndTellsTheProtocolAndServer() {
    try (McpSyncClient client = McpClients.build(TestStack.BOOTSTRAP_KEY, new CopyOnWriteArrayList<>())) {
      McpSchema.InitializeResult init = client.initialize();
      assertThat(init.protocolVersion()).isEqualTo("2025-11-25");
      assertThat(init.serverInfo().name()).isEqualTo("deploy-mcp");
      assertThat(init.capabilities().tools()).isNotNull();
      assertThat(init.instructions()).contains("whoami");
    }
  }

  @Test
  void refusesAnInitializeWithoutKeyWith401BeforeAnyMcpMessageIsHandled() {
    McpHttp.request(null).body(McpHttp.INITIALIZE).post("/mcp").then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", "Bearer realm=\"deploy-mcp\"")
        .header("Mcp-Session-Id", nullValue())
        .body("code", equalTo("UNAUTHENTICATED"))
        .body("jsonrpc", nullValue());
    try (McpSyncClient client = McpClients.build(null, new CopyOnWriteArrayList<>())) {
      assertThatThrownBy(client::initialize).hasStackTraceContaining("401");
    }
  }

  /**
   * The legacy SSE transport (/mcp/sse, served by the extension at no cost) sits behind the same
   * door: without a key its stream is refused with 401; with one an SDK client on the SSE
   * transport initializes and calls a tool as that key.
   */
  @Test
  void theLegacySseTransportNeedsTheKeyToo() {
    McpHttp.request(null).accept("text/event-stream").get("/mcp/sse").then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("code", equalTo("UNAUTHENTICATED"));
    try (McpSyncClient client = sseClient(TestStack.BOOTSTRAP_KEY)) {
      assertThat(client.initialize().serverInfo().name()).isEqualTo("deploy-mcp");
      Map<String, Object> me = McpClients.structured(McpClients.call(client, "whoami", Map.of()));
      assertThat(me).containsEntry("key_prefix", ApiKeys.prefixOf(TestStack.BOOTSTRAP_KEY));
    }
  }

  private static McpSyncClient sseClient(String key) {
    HttpClientSseClientTransport.Builder transport =
        HttpClientSseClientTransport.builder(McpClients.baseUrl()).sseEndpoint("/mcp/sse");
    if (key != null) {
      transport.httpRequestCustomizer(
          (request, method, endpoint, body, context) -> request.header("Authorization", "Bearer " + key));
    }
    return McpClient.sync(transport.build())
        .requestTimeout(Duration.ofSeconds(20))
        .initializationTimeout(Duration.ofSeconds(10))
        .build();
  }

  @Test
  void refusesUnknownRevokedAndExpiredKeysWith401() {
    McpHttp.request("dpk_nope0000_" + "x".repeat(40)).body(McpHttp.INITIALIZE).post("/mcp").then()
        .statusCode(401).body("code", equalTo("UNAUTHENTICATED"));

    String expired = tenants.defaultTenantKey("read");
    db.update("update api_keys set expires_at = now() - interval '1 second' where key_hash = ?", ApiKeys.hash(expired));
    McpHttp.request(expired).body(McpHttp.INITIALIZE).post("/mcp").then()
        .statusCode(401).body("detail", equalTo("The API key " + ApiKeys.prefixOf(expired) + " expired"));

    String revoked = tenants.defaultTenantKey("admin");
    db.update("update api_keys set revoked_at = now() where key_hash = ?", ApiKeys.hash(revoked));
    McpHttp.request(revoked).body(McpHttp.INITIALIZE).post("/mcp").then()
        .statusCode(401).body("detail", equalTo("The API key " + ApiKeys.prefixOf(revoked) + " was revoked"));
  }

  @Test
  void checksTheKeyOnEveryRequestOfASession() {
    String key = tenants.defaultTenantKey("read");
    String session = McpHttp.session(key);
    McpHttp.call(key, session, "tools/list", "{}").then().statusCode(200);

    db.update("update api_keys set revoked_at = now() where key_hash = ?", ApiKeys.hash(key));
    McpHttp.call(key, session, "tools/call", "{\"name\": \"whoami\", \"arguments\": {}}").then()
        .statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    McpHttp.call(null, session, "tools/list", "{}").then().statusCode(401);
  }

  @Test
  void refusesAForeignOriginWith403AndAdmitsConfiguredOnes() {
    McpHttp.request(TestStack.BOOTSTRAP_KEY).header("Origin", "https://evil.example").body(McpHttp.INITIALIZE)
        .post("/mcp").then()
        .statusCode(403).contentType("application/problem+json").body("code", equalTo("ORIGIN_NOT_ALLOWED"));
    // The foreign origin is refused before the key is even looked at.
    McpHttp.request(null).header("Origin", "http://localhost.evil.example").body(McpHttp.INITIALIZE)
        .post("/mcp").then().statusCode(403);
    McpHttp.request(TestStack.BOOTSTRAP_KEY).header("Origin", "null").body(McpHttp.INITIALIZE)
        .post("/mcp").then().statusCode(403);

    McpHttp.request(TestStack.BOOTSTRAP_KEY).header("Origin", "http://localhost:6274").body(McpHttp.INITIALIZE)
        .post("/mcp").then().statusCode(200).header("Mcp-Session-Id", org.hamcrest.Matchers.notNullValue());
    McpHttp.request(TestStack.BOOTSTRAP_KEY).header("Origin", "http://127.0.0.1:3000").body(McpHttp.INITIALIZE)
        .post("/mcp").then().statusCode(200);
  }

  @Test
  void refusesAnOversizedBodyWith413() {
    String huge = "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/call\", \"params\": {\"name\": \"whoami\","
        + " \"arguments\": {\"pad\": \"" + "x".repeat(1_100_000) + "\"}}}";
    McpHttp.request(TestStack.BOOTSTRAP_KEY).body(huge).post("/mcp").then()
        .statusCode(413).body("code", equalTo("PAYLOAD_TOO_LARGE"));
  }

  @Test
  void aToolSeesTheKeyOfItsRequest() {
    String reader = tenants.newTenantWithKey("mcp-access-" + System.nanoTime(), "read");
    try (McpSyncClient client = McpClients.connect(reader)) {
      Map<String, Object> me = McpClients.structured(McpClients.call(client, "whoami", Map.of()));
      assertThat(me).containsEntry("key_prefix", ApiKeys.prefixOf(reader)).containsEntry("scopes", List.of("read"));
    }
  }
}
