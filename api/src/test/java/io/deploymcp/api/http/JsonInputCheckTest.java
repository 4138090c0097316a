package io.deploymcp.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Duplicate keys and U+0000 in JSON input, named by their field path. */
class JsonInputCheckTest {
  private static void refused(String json, JsonInputCheck.Nul nul, ProblemCode code, String field) {
    assertThatThrownBy(() -> JsonInputCheck.check(json.getBytes(StandardCharsets.UTF_8), nul))
        .isInstanceOfSatisfying(ApiProblem.class, p -> {
          assertThat(p.code()).isEqualTo(code);
          assertThat(p.errors().getFirst().field()).isEqualTo(field);
          assertThat(p.errors().getFirst().code()).isEqualTo(code.name());
        });
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"name\":\"a\",\"name\":\"b\"}|name",
      "{\"name\":\"a\",\"env\":{\"A\":\"1\",\"B\":\"2\",\"A\":\"3\"}}|env.A",
      "{\"items\":[{\"a\":1},{\"a\":1,\"a\":2}]}|items[1].a",
      "{\"params\":{\"arguments\":{\"x\":[1,[{\"k\":0,\"k\":0}]]}}}|params.arguments.x[1][0].k",
      "{\"a\":{},\"a\":{}}|a"})
  void refusesAKeyTwiceInOneObject(String json, String field) {
    refused(json, JsonInputCheck.Nul.ALLOW, ProblemCode.DUPLICATE_JSON_KEY, field);
  }

  @Test
  void theSameKeyInSiblingObjectsIsNoDuplicate() {
    assertThatCode(() -> JsonInputCheck.check(
        "{\"a\":{\"k\":1},\"b\":{\"k\":1},\"c\":[{\"k\":1},{\"k\":2}]}".getBytes(StandardCharsets.UTF_8),
        JsonInputCheck.Nul.REFUSE)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"name\":\"a\\u0000b\"}|name",
      "{\"env\":{\"A\":\"x\\u0000\"}}|env.A",
      "{\"watch_paths\":[\"ok\",\"\\u0000\"]}|watch_paths[1]",
      "{\"env\":{\"A\\u0000\":\"x\"}}|env.A?"})
  void refusesNulInStringsAndKeys(String json, String field) {
    refused(json, JsonInputCheck.Nul.REFUSE, ProblemCode.CONTROL_CHARACTER, field);
  }

  @Test
  void nulIsTheCallersWhenAllowed() {
    assertThatCode(() -> JsonInputCheck.check("{\"a\":\"\\u0000\"}".getBytes(StandardCharsets.UTF_8), JsonInputCheck.Nul.ALLOW))
        .doesNotThrowAnyException();
  }

  @Test
  void otherControlCharactersInStringsAreValues() {
    // Newlines and tabs belong in env values (a PEM key); names are refused by their own types.
    assertThatCode(() -> JsonInputCheck.check("{\"env\":{\"K\":\"a\\nb\\tc\"}}".getBytes(StandardCharsets.UTF_8),
        JsonInputCheck.Nul.REFUSE)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"{} {}", "{\"name\":\"a\"}{\"name\":\"b\"}", "{}[]", "[] 1", "1 2", "\"a\" \"b\"", "{} null"})
  void aSecondValueAfterTheFirstIsASyntaxError(String json) {
    assertThatThrownBy(() -> JsonInputCheck.check(json.getBytes(StandardCharsets.UTF_8), JsonInputCheck.Nul.REFUSE))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("a second JSON value");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", " {} \n", "[{}, {}]", "1", "\"a\"", "{\"a\":[1,{\"b\":2}]}\r\n"})
  void oneValueWithBlanksAroundIsOne(String json) {
    assertThatCode(() -> JsonInputCheck.check(json.getBytes(StandardCharsets.UTF_8), JsonInputCheck.Nul.REFUSE))
        .doesNotThrowAnyException();
  }

  @Test
  void leavesSyntaxErrorsToTheCaller() {
    assertThatThrownBy(() -> JsonInputCheck.check("{\"a\": ".getBytes(StandardCharsets.UTF_8), JsonInputCheck.Nul.REFUSE))
        .isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> JsonInputCheck.check("{/* c */}".getBytes(StandardCharsets.UTF_8), JsonInputCheck.Nul.REFUSE))
        .as("comments are no JSON").isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void bytesJacksonTakesForUtf32ButAreNotAreASyntaxError() {
    // Found by JsonInputCheckFuzzTest: leading NULs make Jackson guess UTF-32; this was a 500.
    byte[] body = {1, 0, 0, 0, 0, 0, 0, 0, 0x5b, 0x5b, 0x5b, 0x5b};
    assertThatThrownBy(() -> JsonInputCheck.check(body, JsonInputCheck.Nul.ALLOW)).isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void refusesNulInAParsedTree() throws Exception {
    var tree = new ObjectMapper().readTree("{\"service\":\"a\",\"env\":{\"K\":[\"x\",\"y\\u0000\"]}}");
    assertThatThrownBy(() -> JsonInputCheck.refuseNul(tree, ""))
        .isInstanceOfSatisfying(ApiProblem.class, p -> {
          assertThat(p.code()).isEqualTo(ProblemCode.CONTROL_CHARACTER);
          assertThat(p.errors().getFirst().field()).isEqualTo("env.K[1]");
        });
    assertThatCode(() -> JsonInputCheck.refuseNul(new ObjectMapper().readTree("{\"a\":[\"b\",{\"c\":\"d\"}]}"), ""))
        .doesNotThrowAnyException();
  }
}
