package io.deploymcp.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON bodies from the fuzzer, also nested or repeated up to 1 MiB. Properties: the check ends
 * with nothing, a JsonProcessingException (MALFORMED_JSON) or a DUPLICATE_JSON_KEY /
 * CONTROL_CHARACTER problem, never another exception; it finds a duplicate key exactly when
 * Jackson's own STRICT_DUPLICATE_DETECTION does (the mapper that binds REST bodies uses it);
 * it refuses U+0000 exactly when a key or string holds one (a duplicate key right before a
 * syntax error may be named either way); and a second value after the first is a syntax error.
 */
class JsonInputCheckFuzzTest {
  private static final int MAX_BODY = 1 << 20;
  private static final JsonFactory STRICT =
      JsonFactory.builder().enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private enum Outcome { ACCEPTED, MALFORMED, DUPLICATE, NUL }

  @FuzzTest
  void findsWhatAStrictParserFinds(FuzzedDataProvider data) {
    boolean refuseNul = data.consumeBoolean();
    String head = data.consumeString(2000);
    String part = data.consumeString(16);
    int times = part.isEmpty() ? 0 : data.consumeInt(0, MAX_BODY / part.length());
    byte[] body = (head + part.repeat(times) + data.consumeRemainingAsString()).getBytes(StandardCharsets.UTF_8);

    Outcome checked;
    try {
      JsonInputCheck.check(body, refuseNul ? JsonInputCheck.Nul.REFUSE : JsonInputCheck.Nul.ALLOW);
      checked = Outcome.ACCEPTED;
    } catch (JsonProcessingException e) {
      checked = Outcome.MALFORMED;
    } catch (ApiProblem problem) {
      assertThat(problem.code()).isIn(ProblemCode.DUPLICATE_JSON_KEY, ProblemCode.CONTROL_CHARACTER);
      checked = problem.code() == ProblemCode.DUPLICATE_JSON_KEY ? Outcome.DUPLICATE : Outcome.NUL;
    }
    Outcome expected = strict(body, refuseNul);
    if (expected == Outcome.DUPLICATE && checked == Outcome.MALFORMED) {
      // The strict parser names the key before it looks for the ':' after it; a duplicate key
      // followed by bad syntax may be either, as long as the document is no JSON anyway.
      assertThat(plainParserFails(body)).as("checking %s", abbreviated(body)).isTrue();
      return;
    }
    assertThat(checked).as("checking %s", abbreviated(body)).isEqualTo(expected);
  }

  private static boolean plainParserFails(byte[] body) {
    try (JsonParser parser = new JsonFactory().createParser(body)) {
      while (parser.nextToken() != null) {
        // reads to the end
      }
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** What a strict Jackson parser meets first: a duplicate, a NUL (when refused), or bad syntax. */
  private static Outcome strict(byte[] body, boolean refuseNul) {
    try (JsonParser parser = STRICT.createParser(body)) {
      JsonToken token;
      boolean rootValueDone = false;
      while ((token = parser.nextToken()) != null) {
        if (rootValueDone) {
          return Outcome.MALFORMED; // a second value: {} {} is no JSON text
        }
        rootValueDone = parser.getParsingContext().inRoot();
        if (refuseNul
            && (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING)
            && parser.getText().indexOf('\0') >= 0) {
          return Outcome.NUL;
        }
      }
      return Outcome.ACCEPTED;
    } catch (JsonProcessingException e) {
      return e.getOriginalMessage().startsWith("Duplicate field '") ? Outcome.DUPLICATE : Outcome.MALFORMED;
    } catch (CharConversionException e) {
      return Outcome.MALFORMED; // bytes Jackson took for UTF-16/32 that are not
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String abbreviated(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() > 200 ? text.substring(0, 200) + "… (" + text.length() + " chars)" : text;
  }
}
