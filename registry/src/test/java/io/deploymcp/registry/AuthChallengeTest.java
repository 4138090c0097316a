package io.deploymcp.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

  @Test
  void readsBearerParametersWithCommasInsideQuotes() {
    AuthChallenge challenge = AuthChallenge.parse(
        "Bearer realm=\"https://auth.example/token\",service=\"registry.example\","
            + "scope=\"repository:team/app:pull,push\"").orElseThrow();
    assertThat(challenge.scheme()).isEqualTo("bearer");
    assertThat(challenge.params()).isEqualTo(Map.of(
        "realm", "https://auth.example/token",
        "service", "registry.example",
        "scope", "repository:team/app:pull,push"));
  }

  @Test
  void readsBasicAndUnquotedValues() {
    AuthChallenge challenge = AuthChallenge.parse("basic realm=Registry, charset=\"UTF-8\"").orElseThrow();
    assertThat(challenge.scheme()).isEqualTo("basic");
    assertThat(challenge.param("realm")).contains("Registry");
    assertThat(challenge.param("charset")).contains("UTF-8");
  }

  @Test
  void unescapesQuotedPairs() {
    assertThat(AuthChallenge.parse("Bearer realm=\"a\\\"b\"").orElseThrow().param("realm")).contains("a\"b");
  }

  @Test
  void nothingToReadIsEmpty() {
    assertThat(AuthChallenge.parse(null)).isEmpty();
    assertThat(AuthChallenge.parse("")).isEmpty();
    assertThat(AuthChallenge.parse("=\"x\"")).isEmpty();
  }
}
