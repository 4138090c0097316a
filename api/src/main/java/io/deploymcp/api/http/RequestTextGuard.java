package io.deploymcp.api.http;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.problem.ProblemResponses;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The first look at every request, REST and MCP alike, before any route, key lookup or query
 * parameter conversion: the path and each query parameter must be well-formed percent-encoded
 * UTF-8 (else 400 INVALID_ENCODING) and, decoded, free of control characters; outside Quarkus's
 * own /q/ a query parameter comes at most once (else 400 INVALID_PARAMETER), as does each header the API
 * reads (else 400 MALFORMED_REQUEST); no header may
 * hold one either (else 400 CONTROL_CHARACTER), and a Content-Type must parse as a media type
 * (else 415 UNSUPPORTED_MEDIA_TYPE); a header name is not empty, and a Transfer-Encoding ends
 * with chunked (else 400 MALFORMED_REQUEST, the latter closing the connection). So no NUL reaches
 * PostgreSQL, no CR/LF a log line, no ESC a terminal, whichever parameter or header a later layer
 * reads. The answer names where, never echoes the bytes.
 */
@Singleton
public class RequestTextGuard {
  /** The headers this API reads, each of which has one value. */
  private static final List<String> SINGLE_HEADERS = List.of(
      "Authorization", "Content-Type", "Idempotency-Key", "Origin", "Mcp-Session-Id", "MCP-Protocol-Version",
      "Last-Event-ID", "X-Hub-Signature-256", "X-GitHub-Delivery", "X-GitHub-Event", "X-Gitea-Signature",
      "X-Gitea-Delivery", "X-Gitea-Event");

  private final ProblemResponses responses;

  public RequestTextGuard(ProblemResponses responses) {
    this.responses = responses;
  }

  void register(@Observes Filters filters) {
    // Above BodySizeGuard (100) and McpAccessFilter (90): nothing reads a request before this.
    filters.register(this::filter, 300);
  }

  private void filter(RoutingContext rc) {
    Optional<ApiProblem> problem = check(rc.request().path(), rc.request().query(), rc.request().headers());
    if (problem.isPresent()) {
      String body = responses.head(rc.response(), problem.get());
      if ("close".equals(problem.get().headers().get(HttpHeaders.CONNECTION.toString()))) {
        ClosingAnswer.endAndClose(rc, body);
      } else {
        rc.response().end(body);
      }
      return;
    }
    rc.next();
  }

  /** What is wrong with a request's raw path, raw query and headers, if anything. */
  static Optional<ApiProblem> check(String rawPath, String rawQuery, MultiMap headers) {
    String path = null;
    if (rawPath != null) {
      try {
        path = PercentDecoding.decode(rawPath, false);
      } catch (PercentDecoding.MalformedException e) {
        return Optional.of(malformed("The request path", e));
      }
      int bad = ControlCharacters.in(path);
      if (bad >= 0) {
        return Optional.of(control("The request path", path.charAt(bad)));
      }
    }
    if (rawQuery != null && !rawQuery.isEmpty()) {
      Set<String> names = new HashSet<>();
      boolean ours = path != null && !isQuarkusOwn(path);
      for (String pair : rawQuery.split("&", -1)) {
        int eq = pair.indexOf('=');
        String rawName = eq < 0 ? pair : pair.substring(0, eq);
        Optional<ApiProblem> name = text(rawName, true, "A query parameter name");
        if (name.isPresent()) {
          return name;
        }
        if (ours && !rawName.isEmpty() && !names.add(decodedName(rawName))) {
          // No parameter of this API takes two values; which one wins differs between parsers.
          return Optional.of(new ApiProblem(ProblemCode.INVALID_PARAMETER,
              "Query parameter '" + ControlCharacters.printable(rawName) + "' is given more than once",
              "Send each query parameter once."));
        }
        if (eq >= 0) {
          Optional<ApiProblem> value =
              text(pair.substring(eq + 1), true, "Query parameter '" + ControlCharacters.printable(rawName) + "'");
          if (value.isPresent()) {
            return value;
          }
        }
      }
    }
    for (String single : SINGLE_HEADERS) {
      if (headers.getAll(single).size() > 1) {
        // JAX-RS joins the values with ',', Vert.x takes the first, a proxy may take the last.
        return Optional.of(new ApiProblem(ProblemCode.MALFORMED_REQUEST,
            "Header '" + single + "' is given more than once", "Send '" + single + "' once."));
      }
    }
    List<String> transferEncoding = headers.getAll(HttpHeaders.TRANSFER_ENCODING);
    if (!transferEncoding.isEmpty() && !finalCodingIsChunked(transferEncoding)) {
      // The decoder reads such a body as empty, so its bytes would be taken for the next request.
      return Optional.of(new ApiProblem(ProblemCode.MALFORMED_REQUEST, "Transfer-Encoding does not end with chunked",
          "Send the body with Content-Length, or with Transfer-Encoding: chunked as the last coding.",
          List.of(), Map.of(HttpHeaders.CONNECTION.toString(), "close")));
    }
    String contentType = headers.get(HttpHeaders.CONTENT_TYPE);
    if (contentType != null && ControlCharacters.inHeader(contentType) < 0 && !MediaTypeSyntax.matches(contentType)) {
      // RESTEasy cannot route a request whose Content-Type it cannot parse: that was a 500.
      return Optional.of(new ApiProblem(ProblemCode.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type '" + ControlCharacters.printable(contentType) + "' is not a media type"));
    }
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey();
      if (name.isEmpty()) {
        return Optional.of(new ApiProblem(ProblemCode.MALFORMED_REQUEST, "A header has an empty name",
            "Send each header as 'Name: value'."));
      }
      int bad = ControlCharacters.inHeader(name);
      if (bad >= 0) {
        return Optional.of(control("A header name", name.charAt(bad)));
      }
      bad = ControlCharacters.inHeader(header.getValue());
      if (bad >= 0) {
        return Optional.of(control("Header '" + ControlCharacters.printable(name) + "'", header.getValue().charAt(bad)));
      }
    }
    return Optional.empty();
  }

  /** RFC 9112 6.1: a request whose last transfer coding is not chunked has no knowable length. */
  private static boolean finalCodingIsChunked(List<String> transferEncoding) {
    String last = transferEncoding.getLast();
    String coding = last.substring(last.lastIndexOf(',') + 1).strip();
    return coding.equalsIgnoreCase("chunked");
  }

  /**
   * Quarkus's own endpoints under /q/ (metrics takes a parameter more than once); everything
   * else is ours. Judged on the decoded path without dot segments, as the router sees it: on the
   * raw path, /%761/services or /q/../v1/services let a duplicate through to a resource.
   */
  private static boolean isQuarkusOwn(String decodedPath) {
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : decodedPath.split("/", -1)) {
      if (segment.equals("..")) {
        segments.pollLast();
      } else if (!segment.equals(".") && !segment.isEmpty()) {
        segments.addLast(segment);
      }
    }
    return "q".equals(segments.peekFirst());
  }

  private static String decodedName(String rawName) {
    try {
      return PercentDecoding.decode(rawName, true);
    } catch (PercentDecoding.MalformedException e) {
      throw new IllegalStateException("checked before", e);
    }
  }

  private static Optional<ApiProblem> text(String raw, boolean query, String where) {
    String decoded;
    try {
      decoded = PercentDecoding.decode(raw, query);
    } catch (PercentDecoding.MalformedException e) {
      return Optional.of(malformed(where, e));
    }
    int bad = ControlCharacters.in(decoded);
    return bad < 0 ? Optional.empty() : Optional.of(control(where, decoded.charAt(bad)));
  }

  private static ApiProblem malformed(String where, PercentDecoding.MalformedException e) {
    return new ApiProblem(ProblemCode.INVALID_ENCODING, where + " is not valid percent-encoded UTF-8: " + e.getMessage());
  }

  /** The CONTROL_CHARACTER problem naming where and which character, never the text around it. */
  static ApiProblem control(String where, char c) {
    return new ApiProblem(
        ProblemCode.CONTROL_CHARACTER, where + " contains the control character " + ControlCharacters.codePoint(c));
  }
}
