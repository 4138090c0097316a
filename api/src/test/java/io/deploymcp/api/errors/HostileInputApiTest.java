package io.deploymcp.api.errors;

import static io.deploymcp.api.support.RawHttp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.api.support.Api;
import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.Names;
import io.deploymcp.api.support.RawHttp;
import io.deploymcp.api.support.RawHttp.Answer;
import io.deploymcp.api.support.TestStack;
import io.deploymcp.api.support.Workflows;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile bytes from outside, sent over a raw socket so no client cleans them up first: control
 * characters in paths, query parameters, headers and JSON strings, broken percent-encoding,
 * duplicate JSON keys, header lines and request lines the HTTP decoder refuses. Each is a
 * problem+json with its own code (400, or 414/431 for what is too long), and changes nothing: no
 * row, no audit entry, no idempotency row, no workflow.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class HostileInputApiTest {
  private static final String ADMIN = bearer(TestStack.BOOTSTRAP_KEY);
  private static final String JSON = "application/json";

  @Inject DataSource dataSource;
  @Inject WorkflowClient workflowClient;

  private Db db;
  private Workflows workflows;

  @BeforeEach
  void setUp() {
    db = new Db(dataSource);
    workflows = new Workflows(workflowClient);
  }

  /** Everything a request could have written or started. */
  private List<Long> state() {
    return List.of(
        db.count("select count(*) from services"), db.count("select count(*) from deployments"),
        db.count("select count(*) from env_vars"), db.count("select count(*) from api_keys"),
        db.count("select count(*) from audit_log"), db.count("select count(*) from idempotency_keys"),
        db.count("select count(*) from webhook_deliveries"), (long) workflows.openCount());
  }

  private static void assertProblem(Answer answer, int status, String code) {
    answer.assertProblem(status, code);
  }

  /** A valid create request for {@code name}: what is wrong with the request is elsewhere. */
  private static String createBody(String name) {
    return "{\"name\": \"" + name + "\", \"repo\": \"https://github.com/org/f\"}";
  }

  private String service() {
    String name = Names.unique("hostile");
    Api.admin().body("{\"name\": \"" + name + "\", \"repo\": \"https://github.com/org/" + name + "\"}")
        .post("/v1/services").then().statusCode(202);
    return name;
  }

  /** One hostile request of the tables below; {@code {service}} in its target stands for a service created for it. */
  record Hostile(String method, String target, String headers, String contentType, String body) {
    static Hostile get(String target) {
      return new Hostile("GET", target, ADMIN, null, "");
    }

    static Hostile unauthenticated(String target) {
      return new Hostile("GET", target, "", null, "");
    }

    static Hostile json(String method, String target, String body) {
      return new Hostile(method, target, ADMIN, JSON, body);
    }

    static Hostile bodiless(String method, String target) {
      return new Hostile(method, target, ADMIN, null, "");
    }

    boolean needsService() {
      return target.contains(SERVICE);
    }

    Answer send(String service) {
      String to = target.replace(SERVICE, service);
      return method.equals("GET") && contentType == null ? RawHttp.get(to, headers) : RawHttp.send(method, to, headers, contentType, body);
    }

    @Override
    public String toString() {
      return method + " " + target;
    }
  }

  private static final String SERVICE = "{service}";

  /** Sends {@code request}, expects the problem, and that nothing changed. */
  private void assertRefusedChangingNothing(Hostile request, int status, String code) {
    String service = request.needsService() ? service() : "";
    List<Long> before = state();
    assertProblem(request.send(service), status, code);
    assertThat(state()).isEqualTo(before);
  }

  static Stream<Hostile> controlCharactersInPathsAndQueries() {
    return Stream.of(
        // GET /v1/services/%00 answered 500: the NUL reached PostgreSQL.
        Hostile.get("/v1/services/%00"),
        Hostile.get("/v1/services/a%0Ab"),
        Hostile.get("/v1/services/%1B%5B2J"),
        Hostile.get("/v1/deployments/%00"),
        Hostile.get("/v1/services/" + SERVICE + "/env%7F"),
        Hostile.json("PUT", "/v1/services/" + SERVICE + "/env/A%00", "{\"value\": \"1\"}"),
        Hostile.json("POST", "/v1/services/" + SERVICE + "%00/deploys", "{}"),
        Hostile.bodiless("DELETE", "/v1/api-keys/%00"),
        Hostile.unauthenticated("/q/health/%00"),
        Hostile.unauthenticated("/v1/services/%C2%85"),
        Hostile.get("/v1/services?cursor=%00"),
        Hostile.get("/v1/services?limit=1%0A"),
        Hostile.get("/v1/services?project=%7F"),
        Hostile.get("/v1/services/" + SERVICE + "/logs?type=build&deployment_id=%00"),
        Hostile.get("/v1/services/" + SERVICE + "/deployments?cursor=%0D%0AX-Forged:%201"),
        Hostile.get("/v1/audit?%00=1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("controlCharactersInPathsAndQueries")
  void controlCharactersInPathsAndQueriesAreRefusedBeforeTheDatabase(Hostile request) {
    assertRefusedChangingNothing(request, 400, "CONTROL_CHARACTER");
  }

  @Test
  void controlCharactersInThePathAndTheQueryAreNamed() {
    Answer unauthenticated = RawHttp.get("/v1/services/%C2%85", "");
    assertThat(unauthenticated.body()).contains("The request path contains the control character U+0085");
    Answer cursor = RawHttp.get("/v1/services?cursor=%00", ADMIN);
    assertThat(cursor.body()).contains("Query parameter 'cursor' contains the control character U+0000");
  }

  @Test
  void aQueryParameterGivenTwiceIsRefused() {
    // The query's twin of a duplicate JSON key: RESTEasy took the first, a proxy may take the last.
    assertRefusedChangingNothing(
        Hostile.get("/v1/services/" + SERVICE + "/logs?type=build&limit=1&limit=1000"), 400, "INVALID_PARAMETER");
  }

  static Stream<Hostile> brokenPercentEncodings() {
    return Stream.of(
        // ?cursor=%%% was refused by Vert.x with an empty 400.
        Hostile.get("/v1/services?cursor=%%%"),
        Hostile.get("/v1/services?cursor=%zz"),
        Hostile.get("/v1/services?project=%C3"),
        Hostile.get("/v1/services/%zz"),
        Hostile.get("/v1/services/%C3%28"),
        Hostile.get("/v1/services/caf\u00e9"),
        Hostile.json("POST", "/v1/services?x=%", "{}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenPercentEncodings")
  void brokenPercentEncodingIsAProblemNotABare400(Hostile request) {
    assertRefusedChangingNothing(request, 400, "INVALID_ENCODING");
  }

  @Test
  void brokenPercentEncodingNamesTheParameter() {
    assertThat(RawHttp.get("/v1/services?cursor=%%%", ADMIN).body())
        .contains("Query parameter 'cursor' is not valid percent-encoded UTF-8");
  }

  /**
   * An HTTP/2 cleartext upgrade (h2c) with a missing or broken HTTP2-Settings header was refused by
   * the upgrade codec with a bare 400 and no body. The API speaks HTTP/1.1 (Traefik in front talks
   * HTTP/1.1 to it), so the Upgrade header is now ignored and the request answered as any other.
   */
  @ParameterizedTest
  @ValueSource(strings = {"", "HTTP2-Settings: !!!not-base64\r\n", "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n"})
  void anH2cUpgradeIsAnsweredAsHttp11(String settings) {
    Answer answer = RawHttp.send("GET /v1/whoami HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\nConnection: close\r\n"
        + "Upgrade: h2c\r\n" + settings + "\r\n");
    assertProblem(answer, 401, "UNAUTHENTICATED");
    Answer authenticated = RawHttp.send("GET /v1/whoami HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nConnection: close\r\n"
        + "Upgrade: h2c\r\n" + settings + ADMIN + "\r\n");
    assertThat(authenticated.status()).as(authenticated.toString()).isEqualTo(200);
  }

  @Test
  void aDuplicateJsonKeyIsRefusedAndNothingIsCreated() {
    String first = Names.unique("dup-a");
    String second = Names.unique("dup-b");
    List<Long> before = state();
    // Accepted before, the last value winning: the audit entry and the idempotency fingerprint
    // could read another request than the one that ran.
    Answer answer = RawHttp.send("POST", "/v1/services",
        ADMIN + "Idempotency-Key: " + UUID.randomUUID() + "\r\n", JSON,
        "{\"name\": \"" + first + "\", \"name\": \"" + second + "\", \"repo\": \"https://github.com/org/dup\"}");
    assertProblem(answer, 400, "DUPLICATE_JSON_KEY");
    assertThat(answer.body()).contains("\"field\":\"name\"");
    Answer nested = RawHttp.send("POST", "/v1/services", ADMIN, JSON,
        "{\"name\": \"" + first + "\", \"repo\": \"https://github.com/org/dup\", \"env\": {\"A\": \"1\", \"A\": \"2\"}}");
    assertProblem(nested, 400, "DUPLICATE_JSON_KEY");
    assertThat(nested.body()).contains("\"field\":\"env.A\"");
    assertThat(db.count("select count(*) from services where name in (?, ?)", first, second)).isZero();
    assertThat(state()).isEqualTo(before);
  }

  static Stream<Hostile> duplicateKeysForAnExistingService() {
    return Stream.of(
        Hostile.json("PATCH", "/v1/services/" + SERVICE, "{\"port\": 8081, \"port\": 8082}"),
        Hostile.json("PUT", "/v1/services/" + SERVICE + "/env/API_TOKEN", "{\"value\": \"public\", \"secret\": true, \"secret\": false}"),
        Hostile.json("POST", "/v1/services/" + SERVICE + "/deploys", "{\"branch\": \"a\", \"branch\": \"b\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("duplicateKeysForAnExistingService")
  void aDuplicateJsonKeyChangesNoExistingService(Hostile request) {
    String name = service();
    List<Long> before = state();
    assertProblem(request.send(name), 400, "DUPLICATE_JSON_KEY");
    assertThat(db.one("select port from services where name = ? and deleted_at is null", name)).isEqualTo(8080);
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void aNulInAJsonStringIsRefusedAndNamed() {
    String name = Names.unique("nul-env");
    List<Long> before = state();
    Answer env = RawHttp.send("POST", "/v1/services", ADMIN, JSON,
        "{\"name\": \"" + name + "\", \"repo\": \"https://github.com/org/nul\", \"env\": {\"TOKEN\": \"abc\\u0000def\"}}");
    assertProblem(env, 400, "CONTROL_CHARACTER");
    assertThat(env.body()).contains("\"field\":\"env.TOKEN\"");
    String existing = service();
    before = state();
    assertProblem(RawHttp.send("PUT", "/v1/services/" + existing + "/env/TOKEN", ADMIN, JSON, "{\"value\": \"\\u0000\"}"),
        400, "CONTROL_CHARACTER");
    assertProblem(RawHttp.send("POST", "/v1/api-keys", ADMIN, JSON, "{\"name\": \"a\\u0000\", \"scopes\": [\"read\"]}"),
        400, "CONTROL_CHARACTER");
    assertThat(db.count("select count(*) from services where name = ?", name)).isZero();
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void aWebhookPayloadWithANulIsRefusedBeforeTheRepositoryLookup() {
    List<Long> before = state();
    String payload = "{\"ref\": \"refs/heads/main\", \"repository\": {\"clone_url\": \"https://github.com/org/x\\u0000\"}}";
    String headers = "X-GitHub-Event: push\r\nX-GitHub-Delivery: " + UUID.randomUUID()
        + "\r\nX-Hub-Signature-256: sha256=" + "0".repeat(64) + "\r\n";
    // Unsigned, and it answered 500: the URL reached the lookup of the services tracking it.
    assertProblem(RawHttp.send("POST", "/v1/webhooks/github", headers, JSON, payload), 400, "CONTROL_CHARACTER");
    String form = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
    assertProblem(RawHttp.send("POST", "/v1/webhooks/github", headers, "application/x-www-form-urlencoded", form),
        400, "CONTROL_CHARACTER");
    String duplicate = "{\"repository\": {\"clone_url\": \"https://github.com/org/a\", \"clone_url\": \"https://github.com/org/b\"}}";
    assertProblem(RawHttp.send("POST", "/v1/webhooks/gitea", headers.replace("GitHub", "Gitea").replace("Hub-Signature-256: sha256=", "Gitea-Signature: "),
        JSON, duplicate), 400, "DUPLICATE_JSON_KEY");
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void refusalsBelowTheRestLayerAreProblemsToo() {
    List<Long> before = state();
    // HTTP/1.1 without Host: Vert.x's router refused it with an empty 400.
    assertProblem(RawHttp.send("GET /v1/services HTTP/1.1\r\n" + ADMIN + "Connection: close\r\n\r\n"), 400, "MALFORMED_REQUEST");
    assertProblem(RawHttp.send("OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 404, "NOT_FOUND");
    assertProblem(RawHttp.get("/v1/services", ADMIN + "Accept: text/plain\r\n"), 406, "NOT_ACCEPTABLE");
    assertProblem(RawHttp.get("/v1/services?cursor=a|b", ADMIN), 400, "INVALID_ENCODING");
    // A Content-Type RESTEasy cannot parse failed the routing with a 500.
    assertProblem(RawHttp.send("POST", "/v1/services", ADMIN, "text", "{}"), 415, "UNSUPPORTED_MEDIA_TYPE");
    assertProblem(RawHttp.send("POST", "/v1/webhooks/github", "X-Hub-Signature-256: sha256=00\r\n", ";", "{}"),
        415, "UNSUPPORTED_MEDIA_TYPE");
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void aHeaderTheApiReadsGivenTwiceIsRefused() {
    String name = Names.unique("twice");
    List<Long> before = state();
    // JAX-RS reads two values joined by ',' ("a,b"), Vert.x (the MCP door) the first: one request, two keys.
    Answer answer = RawHttp.send("POST", "/v1/services", ADMIN + "Idempotency-Key: a\r\nIdempotency-Key: b\r\n", JSON,
        "{\"name\": \"" + name + "\", \"repo\": \"https://github.com/org/t\"}");
    assertProblem(answer, 400, "MALFORMED_REQUEST");
    assertThat(answer.body()).contains("Header 'Idempotency-Key' is given more than once");
    assertProblem(RawHttp.get("/v1/whoami", ADMIN + ADMIN), 400, "MALFORMED_REQUEST");
    assertThat(state()).isEqualTo(before);
  }

  /** A refusal of the HTTP decoder: problem+json with its code, and the connection closed after it. */
  private static Answer assertDecoderRefusal(Answer answer, int status, String code) {
    answer.assertProblem(status, code);
    assertThat(answer.header("connection")).as(answer.toString()).isEqualTo("close");
    return answer;
  }

  @Test
  void controlBytesInAHeaderAreRefusedByTheDecoderAsProblems() {
    // Netty's decoder refuses these before any application code; Vert.x's default handler
    // answered an empty 400 (InvalidRequestHandler now answers).
    String name = Names.unique("framing");
    String create = createBody(name);
    List<Long> before = state();
    Answer nul = assertDecoderRefusal(
        RawHttp.send("POST", "/v1/services", ADMIN + "Idempotency-Key: a\u0000b\r\n", JSON, create), 400, "CONTROL_CHARACTER");
    assertThat(nul.body()).contains("A header value contains the control character U+0000");
    Answer inName = assertDecoderRefusal(
        RawHttp.send("POST", "/v1/services", ADMIN + "X-\u0001Note: a\r\n", JSON, create), 400, "CONTROL_CHARACTER");
    assertThat(inName.body()).contains("A header name contains the control character U+0001");
    // Without Connection: close the answer is the same and the server still closes.
    assertDecoderRefusal(RawHttp.sendExpectingClose(
        "GET /v1/whoami HTTP/1.1\r\nHost: 127.0.0.1\r\n" + ADMIN + "X-Note: a\u0000b\r\n\r\n"), 400, "CONTROL_CHARACTER");
    assertThat(db.count("select count(*) from services where name = ?", name)).isZero();
    assertThat(state()).isEqualTo(before);
    assertThat(RawHttp.get("/v1/whoami", ADMIN).status()).as("a valid request still works").isEqualTo(200);
  }

  /** A header line the HTTP decoder refuses, and the problem's code. */
  static Stream<Arguments> headerLinesTheDecoderRefuses() {
    return Stream.of(
        Arguments.of("Idempotency-Key: a\u0001b\r\n", "CONTROL_CHARACTER"),
        Arguments.of("X-Note: \u000b\r\n", "CONTROL_CHARACTER"),
        Arguments.of("X-Note: \u007f\r\n", "CONTROL_CHARACTER"),
        Arguments.of("X-Note: a\rb\r\n", "CONTROL_CHARACTER"),
        Arguments.of("X-Note: \u001b[2J\r\n", "CONTROL_CHARACTER"),
        // Whitespace before the colon is a classic smuggling vector: refused, never read as Transfer-Encoding.
        Arguments.of("X Note: a\r\n", "MALFORMED_REQUEST"),
        Arguments.of("Transfer-Encoding : chunked\r\n", "MALFORMED_REQUEST"),
        Arguments.of("Content-Length: 1x\r\n", "MALFORMED_REQUEST"),
        Arguments.of("Transfer-Encoding: chunked\r\n", "MALFORMED_REQUEST"));
  }

  @ParameterizedTest
  @MethodSource("headerLinesTheDecoderRefuses")
  void eachHeaderLineTheDecoderRefusesIsAProblemAndCreatesNothing(String header, String code) {
    String name = Names.unique("framing");
    List<Long> before = state();
    assertDecoderRefusal(RawHttp.send("POST", "/v1/services", ADMIN + header, JSON, createBody(name)), 400, code);
    assertThat(db.count("select count(*) from services where name = ?", name)).isZero();
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void malformedHeaderLinesAndFramingAreRefusedByTheDecoderAsProblems() {
    String name = Names.unique("framing");
    String create = createBody(name);
    List<Long> before = state();
    Answer noColon = assertDecoderRefusal(
        RawHttp.send("POST", "/v1/services", ADMIN + "Broken\r\n", JSON, create), 400, "MALFORMED_REQUEST");
    assertThat(noColon.body()).contains("A header line has no colon");
    assertDecoderRefusal(RawHttp.send("POST /v1/services HTTP/1.1\r\nHost: x\r\n" + ADMIN
        + "Content-Length: 1\r\nContent-Length: 2\r\n\r\nab"), 400, "MALFORMED_REQUEST");
    // The decoder takes a body whose last coding is not chunked for empty, and its bytes for the
    // next request: RequestTextGuard refuses it and closes.
    Answer gzip = assertDecoderRefusal(RawHttp.send("POST /v1/services HTTP/1.1\r\nHost: x\r\n" + ADMIN
        + "Content-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n" + create), 400, "MALFORMED_REQUEST");
    assertThat(gzip.body()).contains("Transfer-Encoding does not end with chunked").doesNotContain("HTTP/1.");
    Answer smuggled = RawHttp.send("POST /v1/services HTTP/1.1\r\nHost: x\r\n" + ADMIN
        + "Content-Type: application/json\r\nTransfer-Encoding: identity\r\n\r\n"
        + "POST /v1/services HTTP/1.1\r\nHost: x\r\n" + ADMIN + "Content-Type: application/json\r\nContent-Length: "
        + create.length() + "\r\n\r\n" + create);
    assertDecoderRefusal(smuggled, 400, "MALFORMED_REQUEST");
    assertThat(smuggled.body()).as("the body is not served as a request of its own").doesNotContain("HTTP/1.");
    assertThat(db.count("select count(*) from services where name = ?", name)).isZero();
    assertThat(state()).isEqualTo(before);
    assertThat(RawHttp.get("/v1/whoami", ADMIN).status()).as("a valid request still works").isEqualTo(200);
  }

  @Test
  void anOversizedBodyIsRefusedUnreadAndTheConnectionCloses() {
    List<Long> before = state();
    // The answer says Connection: close; Vert.x kept the connection open anyway, waiting for the body.
    Answer tooLarge = RawHttp.sendExpectingClose("POST /v1/services HTTP/1.1\r\nHost: x\r\n" + ADMIN
        + "Content-Type: application/json\r\nContent-Length: 999999999\r\n\r\n{\"name\": \"partial");

    tooLarge.assertProblem(413, "PAYLOAD_TOO_LARGE");
    assertThat(tooLarge.header("connection")).isEqualTo("close");
    assertThat(state()).isEqualTo(before);
    assertThat(RawHttp.get("/v1/whoami", ADMIN).status()).as("a valid request still works").isEqualTo(200);
  }

  @Test
  void aBrokenRequestLineIsAProblem() {
    List<Long> before = state();
    Answer method = assertDecoderRefusal(
        RawHttp.send("G\u0001T /v1/services HTTP/1.1\r\nHost: x\r\n" + ADMIN + "Connection: close\r\n\r\n"),
        400, "CONTROL_CHARACTER");
    assertThat(method.body()).contains("The request method contains the control character U+0001");
    assertDecoderRefusal(RawHttp.send("GET /v1/services HTTP/9.x\r\nHost: x\r\n" + ADMIN + "Connection: close\r\n\r\n"),
        400, "MALFORMED_REQUEST");
    // Raw bytes in the request target pass the decoder; RequestTextGuard refuses them.
    assertProblem(RawHttp.get("/v1/services/a\u0000b", ADMIN), 400, "INVALID_ENCODING");
    assertProblem(RawHttp.get("/v1/services/\u00ff", ADMIN), 400, "INVALID_ENCODING");
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void anOverLongRequestLineOrHeaderBlockIsAProblem() {
    List<Long> before = state();
    Answer line = assertDecoderRefusal(RawHttp.get("/v1/services?cursor=" + "a".repeat(5_000), ADMIN), 414, "REQUEST_LINE_TOO_LONG");
    assertThat(line.body()).contains("The request line is longer than 4096 bytes");
    Answer header = assertDecoderRefusal(RawHttp.get("/v1/services", ADMIN + "X-Note: " + "a".repeat(21_000) + "\r\n"),
        431, "HEADERS_TOO_LARGE");
    assertThat(header.body()).contains("The request headers are larger than 20480 bytes");
    assertDecoderRefusal(RawHttp.get("/v1/services", ADMIN + "X-Note: 0123456789012345678901234567890123456789\r\n".repeat(500)),
        431, "HEADERS_TOO_LARGE");
    assertThat(state()).isEqualTo(before);
    assertThat(RawHttp.get("/v1/whoami", ADMIN).status()).as("a valid request still works").isEqualTo(200);
  }
}
