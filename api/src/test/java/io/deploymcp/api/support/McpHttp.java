package io.deploymcp.api.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Raw Streamable HTTP requests to /mcp, for what an SDK client hides (status codes, headers, bytes). */
public final class McpHttp {
  public static final String INITIALIZE =
      "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"initialize\", \"params\": {\"protocolVersion\": \"2025-11-25\","
          + " \"capabilities\": {}, \"clientInfo\": {\"name\": \"raw-http\", \"version\": \"0\"}}}";

  private McpHttp() {}

  /** A request with the Accept header Streamable HTTP requires; {@code key} may be null. */
  public static RequestSpecification request(String key) {
    RequestSpecification spec =
        given().contentType("application/json").header("Accept", "application/json, text/event-stream");
    return key == null ? spec : spec.header("Authorization", "Bearer " + key);
  }

  /** initialize, then notifications/initialized; returns the session id. */
  public static String session(String key) {
    String session =
        request(key).body(INITIALIZE).post("/mcp").then().statusCode(200).extract().header("Mcp-Session-Id");
    request(key).header("Mcp-Session-Id", session)
        .body("{\"jsonrpc\": \"2.0\", \"method\": \"notifications/initialized\"}").post("/mcp")
        .then().statusCode(202);
    return session;
  }

  /** One JSON-RPC request in a session. */
  public static Response call(String key, String session, String method, String paramsJson) {
    return request(key).header("Mcp-Session-Id", session)
        .body("{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"" + method + "\", \"params\": " + paramsJson + "}")
        .post("/mcp");
  }
}
