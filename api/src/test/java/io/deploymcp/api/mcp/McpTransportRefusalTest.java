package io.deploymcp.api.mcp;

import static io.deploymcp.api.support.RawHttp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.McpHttp;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.RawHttp;
import io.deploymcp.api.support.RawHttp.Answer;
import io.deploymcp.api.support.TestStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the MCP transport refuses is problem+json with a code, like every other refusal: the
 * extension's own 400/405 (a wrong Accept, GET without a session, a method /mcp does not take),
 * the body limit, a message that is no JSON, and a message with a key twice in one object (the
 * extension's parser would keep the last value, so the method or an argument could differ from
 * what a proxy or log saw). None reaches the MCP server or writes anything.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class McpTransportRefusalTest {
  private static final String KEY = bearer(TestStack.BOOTSTRAP_KEY);
  private static final String STREAMABLE = "Accept: application/json, text/event-stream\r\n";

  @Inject DataSource dataSource;

  private Db db;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
  }

  private List<Long> state() {
    return List.of(
        db.count("select count(*) from mcp_sessions"), db.count("select count(*) from services"),
        db.count("select count(*) from audit_log"), db.count("select count(*) from idempotency_keys"));
  }

  private static Answer post(String headers, String body) {
    return RawHttp.send("POST", "/mcp", KEY + headers, "application/json", body);
  }

  @Test
  void transportRefusalsAreProblems() {
    List<Long> before = state();
    // Each of these was an empty 400, 405 or 413 from the extension or the body handler.
    post("Accept: text/plain\r\n", McpHttp.INITIALIZE).assertProblem(400, "MALFORMED_REQUEST");
    RawHttp.get("/mcp", KEY + "Accept: text/event-stream\r\n").assertProblem(405, "METHOD_NOT_ALLOWED");
    Answer put = RawHttp.send("PUT", "/mcp", KEY, "application/json", "{}").assertProblem(405, "METHOD_NOT_ALLOWED");
    assertThat(put.header("allow")).contains("POST");
    String chunk = "100000\r\n" + "a".repeat(0x100000) + "\r\n";
    RawHttp.send("POST /mcp HTTP/1.1\r\nHost: x\r\n" + KEY + STREAMABLE + "Content-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunk + chunk + "0\r\n\r\n")
        .assertProblem(413, "PAYLOAD_TOO_LARGE");
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void aMessageThatIsNoJsonIsRefused() {
    List<Long> before = state();
    // Answered with a JSON-RPC parse error and HTTP 200 before.
    post(STREAMABLE, "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ").assertProblem(400, "MALFORMED_JSON");
    post(STREAMABLE, "{\"jsonrpc\": \"2.0\", /* comment */ \"id\": 1, \"method\": \"ping\"}").assertProblem(400, "MALFORMED_JSON");
    post(STREAMABLE, "").assertProblem(400, "MALFORMED_JSON");
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void aDuplicateKeyInAMessageIsRefusedBeforeTheServerReadsIt() {
    List<Long> before = state();
    Answer initialize = post(STREAMABLE, McpHttp.INITIALIZE.replace("\"method\": \"initialize\"",
        "\"method\": \"initialize\", \"method\": \"ping\"")).assertProblem(400, "DUPLICATE_JSON_KEY");
    assertThat(initialize.body()).contains("\"field\":\"method\"");
    assertThat(state()).as("no session recorded").isEqualTo(before);

    String session = McpHttp.session(TestStack.BOOTSTRAP_KEY);
    String first = Names.unique("mcp-dup-a");
    String second = Names.unique("mcp-dup-b");
    before = state();
    Answer call = post(STREAMABLE + "Mcp-Session-Id: " + session + "\r\n",
        "{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"tools/call\", \"params\": {\"name\": \"create_service\","
            + " \"arguments\": {\"name\": \"" + first + "\", \"repo\": \"https://github.com/org/d\", \"name\": \"" + second + "\"}}}")
        .assertProblem(400, "DUPLICATE_JSON_KEY");
    assertThat(call.body()).contains("\"field\":\"params.arguments.name\"");
    assertThat(db.count("select count(*) from services where name in (?, ?)", first, second)).isZero();
    assertThat(state()).isEqualTo(before);
  }
}
