package io.deploymcp.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Strict percent-decoding: what lenient decoders keep, drop or replace is refused here. */
class PercentDecodingTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "cool-api|cool-api", "%41%62|Ab", "a%2Fb|a/b", "%C3%A9|é", "%E2%82%AC|€", "a+b|a+b", "%25|%", "''|''"})
  void decodesPaths(String raw, String decoded) throws Exception {
    assertThat(PercentDecoding.decode(raw, false)).isEqualTo(decoded);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a-b._~c", "!$&'()*+,;=:@", "/v1/services/x", "a?b", "ABCxyz0189"})
  void keepsWhatRfc3986AllowsUnescaped(String raw) throws Exception {
    assertThat(PercentDecoding.decode(raw, false)).isEqualTo(raw);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"a+b|a b", "a%2Bb|a+b", "x=%3D|x==", "%3B|;"})
  void decodesQueriesWithPlusAsSpace(String raw, String decoded) throws Exception {
    assertThat(PercentDecoding.decode(raw, true)).isEqualTo(decoded);
  }

  @Test
  void decodesControlCharactersForTheCallerToJudge() throws Exception {
    assertThat(PercentDecoding.decode("a%00b%0A", true)).isEqualTo("a\u0000b\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"%", "%%%", "%zz", "%4", "a%", "%G0", "%C3", "%C3%28", "%FF", "%ED%A0%80", "\u00e9", "caf\u00c3\u00a9"})
  void refusesWhatIsNotPercentEncodedUtf8(String raw) {
    assertThatThrownBy(() -> PercentDecoding.decode(raw, true)).isInstanceOf(PercentDecoding.MalformedException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b", "a|b", "{x}", "a\"b", "<a>", "a\\b", "a^b", "a`b", "[0]", "a#b", "a\u0001b"})
  void refusesCharactersRfc3986WantsEscaped(String raw) {
    assertThatThrownBy(() -> PercentDecoding.decode(raw, true)).isInstanceOf(PercentDecoding.MalformedException.class);
  }
}
