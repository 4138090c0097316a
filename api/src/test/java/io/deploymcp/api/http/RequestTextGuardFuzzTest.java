package io.deploymcp.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.vertx.core.MultiMap;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The request text guard and its percent-decoder on fuzzed requests. Properties: the guard
 * answers every request (a problem or nothing, never an exception, also for a header as long as
 * the server's 20 KiB header limit lets through); requests that decode to the same text get the
 * same answer, since the router and the resources see decoded text; what the strict decoder
 * accepts, a lenient standard decoder reads the same way; and the Content-Type scan accepts
 * exactly what the media-type grammar it replaced accepts.
 */
class RequestTextGuardFuzzTest {
  /** quarkus.http.limits.max-header-size's default: the longest header a request can carry. */
  private static final int MAX_HEADER = 20 * 1024;
  /** The regular expression MediaTypeSyntax replaced: the reference for its grammar. */
  private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
  private static final Pattern MEDIA_TYPE_GRAMMAR = Pattern.compile(
      "[ \t]*" + TOKEN + "/" + TOKEN + "([ \t]*;([ \t]*" + TOKEN + "=(" + TOKEN + "|\"([^\"\\\\]|\\\\.)*\"))?)*[ \t]*");

  @FuzzTest
  void answersEveryRequestAndTheSameForTheSameDecodedText(FuzzedDataProvider data) {
    String path = "/" + data.consumeString(200);
    String query = data.consumeBoolean() ? data.consumeString(300) : null;
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    int count = data.consumeInt(0, 4);
    for (int i = 0; i < count; i++) {
      headers.add(data.consumeString(30), data.consumeString(100));
    }
    if (data.consumeBoolean()) {
      headers.add("Content-Type", amplified(data));
    }

    Optional<ApiProblem> answer = RequestTextGuard.check(path, query, headers);

    Optional<String> canonicalPath = canonical(path, false);
    Optional<String> canonicalQuery = query == null ? Optional.of("") : canonicalQuery(query);
    if (canonicalPath.isPresent() && canonicalQuery.isPresent()) {
      String sameQuery = query == null ? null : canonicalQuery.get();
      Optional<ApiProblem> again = RequestTextGuard.check(canonicalPath.get(), sameQuery, headers);
      assertThat(code(again))
          .as("%s?%s and %s?%s decode alike", path, query, canonicalPath.get(), sameQuery)
          .isEqualTo(code(answer));
    } else {
      // Refused, though not always for the encoding: an earlier problem (a control character in
      // the path, a duplicate name) is named first.
      assertThat(answer).as("%s?%s is not percent-encoded UTF-8", path, query).isPresent();
    }
  }

  @FuzzTest
  void strictDecodingAgreesWithTheLenientDecoderAndRoundTrips(FuzzedDataProvider data) throws Exception {
    boolean query = data.consumeBoolean();
    String raw = data.consumeRemainingAsString();
    String decoded;
    try {
      decoded = PercentDecoding.decode(raw, query);
    } catch (PercentDecoding.MalformedException refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return;
    }
    // URLDecoder reads '+' as a space everywhere; in a path it is a plus.
    String lenient = URLDecoder.decode(query ? raw : raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    assertThat(decoded).as("decoding %s", raw).isEqualTo(lenient);
    assertThat(PercentDecoding.decode(encode(decoded, false), query)).isEqualTo(decoded);
  }

  @FuzzTest
  void mediaTypeScanAgreesWithTheGrammar(FuzzedDataProvider data) throws InterruptedException {
    String value = data.consumeRemainingAsString();
    boolean[] grammar = new boolean[1];
    // The reference recurses per repeated group: it gets a stack deep enough for any input.
    Thread deep = new Thread(null, () -> grammar[0] = MEDIA_TYPE_GRAMMAR.matcher(value).matches(), "grammar", 256L << 20);
    deep.start();
    deep.join();
    assertThat(MediaTypeSyntax.matches(value)).as("media type %s", value).isEqualTo(grammar[0]);
  }

  /** A Content-Type of any length up to the header limit: a fuzzed part repeated. */
  private static String amplified(FuzzedDataProvider data) {
    String head = data.consumeString(40);
    String part = data.consumeString(20);
    int times = part.isEmpty() ? 0 : data.consumeInt(0, MAX_HEADER / part.length());
    String tail = data.consumeString(40);
    String value = head + part.repeat(times) + tail;
    return value.length() > MAX_HEADER ? value.substring(0, MAX_HEADER) : value;
  }

  private static String code(Optional<ApiProblem> problem) {
    return problem.map(p -> p.code().name()).orElse("accepted");
  }

  private static Optional<String> canonicalQuery(String raw) {
    List<String> pairs = new ArrayList<>();
    for (String pair : raw.split("&", -1)) {
      int eq = pair.indexOf('=');
      Optional<String> name = canonical(eq < 0 ? pair : pair.substring(0, eq), true);
      Optional<String> value = eq < 0 ? Optional.of("") : canonical(pair.substring(eq + 1), true);
      if (name.isEmpty() || value.isEmpty()) {
        return Optional.empty();
      }
      pairs.add(eq < 0 ? name.get() : name.get() + "=" + value.get());
    }
    return Optional.of(String.join("&", pairs));
  }

  /** Decoded, then every byte but letters, digits and "-._~" (and a path's '/') escaped. */
  private static Optional<String> canonical(String raw, boolean query) {
    try {
      return Optional.of(encode(PercentDecoding.decode(raw, query), !query));
    } catch (PercentDecoding.MalformedException e) {
      return Optional.empty();
    }
  }

  private static String encode(String decoded, boolean keepSlash) {
    StringBuilder out = new StringBuilder();
    for (byte b : decoded.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c < 0x80 && Character.isLetterOrDigit(c)) || "-._~".indexOf(c) >= 0 || (keepSlash && c == '/')) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
