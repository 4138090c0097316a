package io.deploymcp.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.vertx.core.MultiMap;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The path, query and headers of a request: control characters and broken escapes, and where they were. */
class RequestTextGuardTest {
  private static MultiMap headers(String... pairs) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      headers.add(pairs[i], pairs[i + 1]);
    }
    return headers;
  }

  private static Optional<ApiProblem> check(String path, String query, MultiMap headers) {
    return RequestTextGuard.check(path, query, headers);
  }

  private static ApiProblem refused(String path, String query, MultiMap headers, ProblemCode code) {
    Optional<ApiProblem> problem = check(path, query, headers);
    assertThat(problem).as(path + "?" + query).isPresent();
    assertThat(problem.get().code()).isEqualTo(code);
    return problem.get();
  }

  @ParameterizedTest
  @ValueSource(strings = {"%00", "a%0Ab", "a%0Db", "%1B%5B2J", "%7F", "%C2%85", "%C2%9F", "%09"})
  void refusesControlCharactersInThePath(String segment) {
    ApiProblem problem = refused("/v1/services/" + segment, null, headers(), ProblemCode.CONTROL_CHARACTER);
    assertThat(problem.getMessage()).startsWith("The request path contains the control character U+");
  }

  @ParameterizedTest
  @ValueSource(strings = {"%zz", "%", "%C3%28", "%C3"})
  void refusesBrokenEscapesInThePath(String segment) {
    refused("/v1/services/" + segment, null, headers(), ProblemCode.INVALID_ENCODING);
  }

  @Test
  void namesTheQueryParameterWithoutEchoingItsValue() {
    ApiProblem nul = refused("/v1/services", "limit=5&cursor=%00abc", headers(), ProblemCode.CONTROL_CHARACTER);
    assertThat(nul.getMessage()).isEqualTo("Query parameter 'cursor' contains the control character U+0000");
    ApiProblem broken = refused("/v1/services", "cursor=%%%", headers(), ProblemCode.INVALID_ENCODING);
    assertThat(broken.getMessage()).startsWith("Query parameter 'cursor' is not valid percent-encoded UTF-8");
    assertThat(refused("/v1/services", "a%0A=1", headers(), ProblemCode.CONTROL_CHARACTER).getMessage())
        .startsWith("A query parameter name");
    refused("/v1/services", "project=x+%7F", headers(), ProblemCode.CONTROL_CHARACTER);
  }

  @Test
  void refusesAParameterGivenTwiceInTheApi() {
    ApiProblem twice = refused("/v1/services", "limit=1&cursor=x&limit=1000", headers(), ProblemCode.INVALID_PARAMETER);
    assertThat(twice.getMessage()).isEqualTo("Query parameter 'limit' is given more than once");
    refused("/v1/services", "limit=1&%6Cimit=2", headers(), ProblemCode.INVALID_PARAMETER);
    refused("/mcp", "a&a", headers(), ProblemCode.INVALID_PARAMETER);
    assertThat(check("/q/metrics", "name=a&name=b", headers())).as("not ours to judge").isEmpty();
    assertThat(check("/v1/services", "a=1&&b=2&", headers())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/%761/services", "/v1/%73ervices", "/q/../v1/services", "/q/./../mcp"})
  void refusesAParameterGivenTwiceOnAPathThatOnlyDecodesToTheApi(String path) {
    refused(path, "limit=1&limit=2", headers(), ProblemCode.INVALID_PARAMETER);
  }

  @Test
  void answersAContentTypeAsLongAsAHeaderMayBe() {
    // 20 KiB is the server's header limit; the regex this replaced overflowed the stack at ~5000.
    String quoted = "a/b;c=\"" + "x".repeat(20_000) + "\"";
    assertThat(check("/v1/services", null, headers("Content-Type", quoted))).isEmpty();
    refused("/v1/services", null, headers("Content-Type", "a/b" + ";".repeat(20_000) + "@"), ProblemCode.UNSUPPORTED_MEDIA_TYPE);
  }

  @Test
  void refusesAHeaderTheApiReadsGivenTwice() {
    ApiProblem twice = refused("/mcp", null, headers("authorization", "Bearer a", "Authorization", "Bearer b"),
        ProblemCode.MALFORMED_REQUEST);
    assertThat(twice.getMessage()).isEqualTo("Header 'Authorization' is given more than once");
    refused("/v1/services", null, headers("Idempotency-Key", "a", "Idempotency-Key", "b"), ProblemCode.MALFORMED_REQUEST);
    assertThat(check("/v1/services", null, headers("Accept", "application/json", "Accept", "text/plain"))).isEmpty();
  }

  @Test
  void refusesATransferEncodingThatDoesNotEndWithChunked() {
    ApiProblem gzip = refused("/v1/services", null, headers("Transfer-Encoding", "gzip"), ProblemCode.MALFORMED_REQUEST);
    assertThat(gzip.getMessage()).isEqualTo("Transfer-Encoding does not end with chunked");
    assertThat(gzip.headers()).containsEntry("connection", "close");
    refused("/v1/services", null, headers("Transfer-Encoding", "chunked, gzip"), ProblemCode.MALFORMED_REQUEST);
    refused("/v1/services", null, headers("Transfer-Encoding", "chunked", "Transfer-Encoding", "identity"),
        ProblemCode.MALFORMED_REQUEST);
    assertThat(check("/v1/services", null, headers("Transfer-Encoding", "gzip, Chunked"))).isEmpty();
    assertThat(check("/v1/services", null, headers("Transfer-Encoding", "chunked"))).isEmpty();
  }

  @Test
  void refusesAnEmptyHeaderName() {
    refused("/v1/services", null, headers("", "a"), ProblemCode.MALFORMED_REQUEST);
  }

  @Test
  void refusesControlCharactersInHeaders() {
    ApiProblem key = refused("/v1/services", null, headers("Idempotency-Key", "a\u0001b"), ProblemCode.CONTROL_CHARACTER);
    assertThat(key.getMessage()).isEqualTo("Header 'Idempotency-Key' contains the control character U+0001");
    refused("/mcp", null, headers("Mcp-Session-Id", "s\u0000"), ProblemCode.CONTROL_CHARACTER);
    refused("/mcp", null, headers("X-A", "ok", "X-B", "del\u007f"), ProblemCode.CONTROL_CHARACTER);
    refused("/mcp", null, headers("X-\u0000", "ok"), ProblemCode.CONTROL_CHARACTER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", ";", "application/", "/json", "application/json; a=\"x", "a b/c", "application/json; =x"})
  void refusesAContentTypeThatIsNoMediaType(String contentType) {
    ApiProblem problem = refused("/v1/services", null, headers("Content-Type", contentType), ProblemCode.UNSUPPORTED_MEDIA_TYPE);
    assertThat(problem.getMessage()).endsWith("is not a media type");
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/json; charset=UTF-8", "application/x-www-form-urlencoded",
      "text/plain;charset=\"utf-8\"", "application/json;;", "application/merge-patch+json", " application/json "})
  void acceptsMediaTypes(String contentType) {
    assertThat(check("/v1/services", null, headers("Content-Type", contentType))).isEmpty();
  }

  @Test
  void letsOrdinaryRequestsThrough() {
    assertThat(check("/v1/services/cool-api/logs", "type=build&limit=100&cursor=eyJhIjoxfQ%3D%3D&x=&flag", headers(
        "Authorization", "Bearer dpk_x",
        "Idempotency-Key", "3f1c2a9e-0b7d-4e51-9a2e-55b0c2f1d001",
        // A header's UTF-8 bytes arrive one char per byte: "é" and "ś" (0xC5 0x9B) are no controls.
        "User-Agent", "agent\u00c3\u00a9 \u00c5\u009b",
        "X-Folded", "a\tb"))).isEmpty();
    assertThat(check("/v1/services/caf%C3%A9", "name=%E2%82%AC+x", headers())).isEmpty();
  }
}
