package io.deploymcp.api.http;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.netty.handler.codec.http.ContentLengthNotAllowedException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a refusal of the HTTP/1.1 decoder (Netty's, with Vert.x's header checks) means, as a
 * problem with a code: a control byte in a header name or value, a header name that is no token,
 * a header line without a colon, a Content-Length that is not one number or comes with
 * Transfer-Encoding, a request line that does not parse, a request line or header block over the
 * limits. The decoder's exception is the only account of what was wrong, so its type and message
 * are read here; the message quotes the offending bytes, so it is never shown. A message this
 * does not know still answers 400 MALFORMED_REQUEST.
 */
public final class DecoderFailures {
  private static final Pattern VALUE_CHARACTER = Pattern.compile("a header value contains a prohibited character '(\\d{1,5})'");
  /** A whitespace control (VT, FF, FS-US) where a value's leading or trailing blanks are read. */
  private static final Pattern VALUE_SEPARATOR =
      Pattern.compile("Invalid separator, only a single space or horizontal tab allowed, but received a '(\\d{1,5})'");
  private static final String VALUE_CR = "only '\\n' is allowed after '\\r'";
  private static final String NAME_CHARACTERS = "a header name cannot contain some prohibited characters, such as : ";
  private static final String NAME_NON_ASCII = "a header name cannot contain non-ASCII character";
  private static final Pattern METHOD_CHARACTER = Pattern.compile("Illegal character in HTTP Method: 0x(\\p{XDigit}{1,4})");
  private static final String TOKEN_HINT =
      "Header names are RFC 9110 tokens (letters, digits and !#$%&'*+-.^_`|~) followed directly by ':'.";

  private DecoderFailures() {}

  /** The problem for the decoder's {@code cause}; an over-long request line or header block names its limit. */
  public static ApiProblem problem(Throwable cause, int maxRequestLineBytes, long maxHeaderBytes) {
    if (cause instanceof TooLongHttpLineException) {
      return new ApiProblem(ProblemCode.REQUEST_LINE_TOO_LONG,
          "The request line is longer than " + maxRequestLineBytes + " bytes",
          "Keep the method, path and query under " + maxRequestLineBytes + " bytes; send long input in a JSON body.");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new ApiProblem(ProblemCode.HEADERS_TOO_LARGE,
          "The request headers are larger than " + maxHeaderBytes + " bytes",
          "Send at most " + maxHeaderBytes + " bytes of headers, all header lines together.");
    }
    if (cause instanceof ContentLengthNotAllowedException) {
      return malformed("The request has both Content-Length and Transfer-Encoding",
          "Send a body with Content-Length or with Transfer-Encoding: chunked, not both.");
    }
    String message = cause == null ? "" : String.valueOf(cause.getMessage());
    Matcher value = VALUE_CHARACTER.matcher(message);
    if (value.lookingAt()) {
      return RequestTextGuard.control("A header value", (char) Integer.parseInt(value.group(1)));
    }
    Matcher separator = VALUE_SEPARATOR.matcher(message);
    if (separator.lookingAt()) {
      return RequestTextGuard.control("A header value", (char) Integer.parseInt(separator.group(1)));
    }
    if (message.startsWith(VALUE_CR)) {
      return RequestTextGuard.control("A header value", '\r');
    }
    if (message.startsWith(NAME_CHARACTERS)) {
      String name = message.substring(NAME_CHARACTERS.length());
      int bad = ControlCharacters.inHeader(name);
      return bad >= 0
          ? RequestTextGuard.control("A header name", name.charAt(bad))
          : malformed("A header name is not a token: it holds a space, a separator or whitespace before the colon", TOKEN_HINT);
    }
    if (message.startsWith(NAME_NON_ASCII)) {
      return malformed("A header name holds a byte above 0x7F", TOKEN_HINT);
    }
    if (message.startsWith("No colon found")) {
      return malformed("A header line has no colon", "Send each header as 'Name: value' on a line of its own.");
    }
    if (message.startsWith("Content-Length value is not a number") || message.startsWith("Multiple Content-Length values")) {
      return malformed("The Content-Length header is not one decimal number",
          "Send one Content-Length with the body's size in bytes, or Transfer-Encoding: chunked instead.");
    }
    Matcher method = METHOD_CHARACTER.matcher(message);
    if (method.lookingAt()) {
      char c = (char) Integer.parseInt(method.group(1), 16);
      return ControlCharacters.inHeader(String.valueOf(c)) >= 0
          ? RequestTextGuard.control("The request method", c)
          : malformed("The request method is not a token", "Send the method in capitals, e.g. GET or POST.");
    }
    return malformed("The request line or a header line is not HTTP/1.1",
        "Send 'METHOD /path HTTP/1.1', then one 'Name: value' line per header, each ending in CRLF.");
  }

  private static ApiProblem malformed(String detail, String hint) {
    return new ApiProblem(ProblemCode.MALFORMED_REQUEST, detail, hint);
  }
}
