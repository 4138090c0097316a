package io.deploymcp.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperatorTokenTest {
  private static final String TOKEN = "operator-token-0123456789abcdef-0123";

  @Test
  void aConfiguredTokenMatchesItselfOnly() {
    OperatorToken token = new OperatorToken(Optional.of(TOKEN), Optional.empty());

    assertThat(token.notConfiguredBecause()).isEmpty();
    assertThat(token.matches(TOKEN)).isTrue();
    assertThat(token.matches(TOKEN + "x")).isFalse();
    assertThat(token.matches(TOKEN.substring(1))).isFalse();
    assertThat(token.matches("")).isFalse();
    assertThat(token.matches(null)).isFalse();
  }

  @Test
  void unsetShortOrBootstrapKeyTokensLeaveOperatorAccessOffAndSaySoWithoutTheValue() {
    String shortToken = "too-short-0123456789";
    assertThat(new OperatorToken(Optional.empty(), Optional.empty()).notConfiguredBecause())
        .contains("DP_OPERATOR_TOKEN is not set");
    assertThat(new OperatorToken(Optional.of("  "), Optional.empty()).notConfiguredBecause())
        .contains("DP_OPERATOR_TOKEN is not set");
    OperatorToken tooShort = new OperatorToken(Optional.of(shortToken), Optional.empty());
    assertThat(tooShort.notConfiguredBecause()).hasValueSatisfying(why ->
        assertThat(why).contains("shorter than 32").doesNotContain(shortToken));
    assertThat(tooShort.matches(shortToken)).isFalse();
    OperatorToken bootstrap = new OperatorToken(Optional.of(TOKEN), Optional.of(TOKEN));
    assertThat(bootstrap.notConfiguredBecause()).hasValueSatisfying(why ->
        assertThat(why).contains("DP_BOOTSTRAP_API_KEY").doesNotContain(TOKEN));
    assertThat(bootstrap.matches(TOKEN)).isFalse();
  }
}
