package io.deploymcp.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each refusal of the decoder the server runs (Vert.x's, on Netty's), fed the raw bytes, and the
 * problem it becomes. The decoder's messages are what {@link DecoderFailures} reads, so a Vert.x or
 * Netty upgrade that rewords one fails here rather than silently turning a code into
 * MALFORMED_REQUEST.
 */
class DecoderFailuresTest {
  private static final String GET = "GET /v1/services HTTP/1.1\r\nHost: x\r\n";

  /** A header line with a control character, which part of the header holds it, and the code point. */
  static Stream<Arguments> controlCharactersInHeaders() {
    return Stream.of(
        Arguments.of("Idempotency-Key: a\u0000b", "value", "U+0000"),
        Arguments.of("X-Note: a\u0001b", "value", "U+0001"),
        Arguments.of("X-Note: a\u000bb", "value", "U+000B"),
        Arguments.of("X-Note: \u000b", "value", "U+000B"),
        Arguments.of("X-Note:\u000c a", "value", "U+000C"),
        Arguments.of("X-Note: \u001c", "value", "U+001C"),
        Arguments.of("X-Note: \u007f", "value", "U+007F"),
        Arguments.of("X-Note: a\rb", "value", "U+000D"),
        Arguments.of("X-\u0000Note: a", "name", "U+0000"),
        Arguments.of("X-\u001bNote: a", "name", "U+001B"));
  }

  @ParameterizedTest
  @MethodSource("controlCharactersInHeaders")
  void eachControlCharacterInAHeaderIsAProblemNamingIt(String header, String part, String codePoint) {
    assertRefusal(GET + header + "\r\n\r\n", ProblemCode.CONTROL_CHARACTER,
        "A header " + part + " contains the control character " + codePoint);
  }

  /** A header line the decoder refuses, and the start of the problem's detail. */
  static Stream<Arguments> malformedHeaderLines() {
    return Stream.of(
        Arguments.of("X Note: a", "A header name is not a token"),
        Arguments.of("Transfer-Encoding : chunked", "A header name is not a token"),
        Arguments.of("X(Note: a", "A header name is not a token"),
        Arguments.of("X-N\u00f6te: a", "A header name holds a byte above 0x7F"),
        Arguments.of("Broken", "A header line has no colon"));
  }

  @ParameterizedTest
  @MethodSource("malformedHeaderLines")
  void eachMalformedHeaderLineIsAMalformedRequest(String header, String detail) {
    assertRefusal(GET + header + "\r\n\r\n", ProblemCode.MALFORMED_REQUEST, detail);
  }

  /** Whole requests the decoder refuses for their framing, request line or size. */
  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("POST /v1/services HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n", ProblemCode.MALFORMED_REQUEST,
            "The Content-Length header is not one decimal number"),
        Arguments.of("POST /v1/services HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
            ProblemCode.MALFORMED_REQUEST, "The Content-Length header is not one decimal number"),
        Arguments.of("POST /v1/services HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            ProblemCode.MALFORMED_REQUEST, "The request has both Content-Length and Transfer-Encoding"),
        Arguments.of("G\u0001T /v1/services HTTP/1.1\r\nHost: x\r\n\r\n", ProblemCode.CONTROL_CHARACTER,
            "The request method contains the control character U+0001"),
        Arguments.of("G(T /v1/services HTTP/1.1\r\nHost: x\r\n\r\n", ProblemCode.MALFORMED_REQUEST, "The request method is not a token"),
        Arguments.of("GET /v1/services HTTP/9.x\r\nHost: x\r\n\r\n", ProblemCode.MALFORMED_REQUEST,
            "The request line or a header line is not HTTP/1.1"),
        Arguments.of("GET /v1/services HTTP/1.1 x\r\nHost: x\r\n\r\n", ProblemCode.MALFORMED_REQUEST,
            "The request line or a header line is not HTTP/1.1"),
        Arguments.of("GET /?q=" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n", ProblemCode.REQUEST_LINE_TOO_LONG,
            "The request line is longer than 4096 bytes"),
        Arguments.of(GET + "X-Note: " + "a".repeat(21_000) + "\r\n\r\n", ProblemCode.HEADERS_TOO_LARGE,
            "The request headers are larger than 20480 bytes"),
        Arguments.of(GET + "X-Note: 0123456789012345678901234567890123456789\r\n".repeat(500) + "\r\n",
            ProblemCode.HEADERS_TOO_LARGE, "The request headers are larger than 20480 bytes"));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void eachDecoderRefusalIsAProblemWithItsCode(String request, ProblemCode code, String detail) {
    assertRefusal(request, code, detail);
  }

  private static void assertRefusal(String request, ProblemCode code, String detail) {
    ApiProblem problem = DecoderFailures.problem(decoderFailure(request), 4096, 20_480);
    assertThat(problem.code()).isEqualTo(code);
    assertThat(problem.getMessage()).startsWith(detail);
    // The decoder's message quotes the bytes; the answer never does.
    assertThat(problem.getMessage() + problem.hint()).doesNotContainPattern("[\\x00-\\x08\\x0a-\\x1f\\x7f-\\xff]");
  }

  @Test
  void aRefusalItDoesNotKnowIsStillAMalformedRequest() {
    assertThat(DecoderFailures.problem(new IllegalStateException("a new check, quoting \u0000"), 4096, 20_480).code())
        .isEqualTo(ProblemCode.MALFORMED_REQUEST);
    assertThat(DecoderFailures.problem(null, 4096, 20_480).code()).isEqualTo(ProblemCode.MALFORMED_REQUEST);
  }

  /** The cause of the decoder's refusal of {@code request}, with Quarkus's default limits. */
  private static Throwable decoderFailure(String request) {
    EmbeddedChannel channel = new EmbeddedChannel(
        new VertxHttpRequestDecoder(new HttpServerOptions().setMaxInitialLineLength(4096).setMaxHeaderSize(20_480)));
    channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
    HttpRequest decoded = channel.readInbound();
    channel.finishAndReleaseAll();
    assertThat(decoded.decoderResult().isFailure()).as("the decoder refuses it").isTrue();
    return decoded.decoderResult().cause();
  }
}
