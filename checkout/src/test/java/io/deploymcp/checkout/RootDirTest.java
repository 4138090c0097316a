package io.deploymcp.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RootDirTest {
  @ParameterizedTest
  @CsvSource(
      value = {"'', ''", "., ''", "./, ''", "apps/web, apps/web", "./apps//web/, apps/web", "' a ', a"},
      emptyValue = "")
  void normalizesRelativePaths(String given, String expected) {
    assertThat(RootDir.normalize(given)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../x", "a/../../b", "a/..", "/abs", "a\\b", "a\u0000b", ".git", "a/.git/x"})
  void refusesPathsThatLeaveTheRepository(String given) {
    assertThatThrownBy(() -> RootDir.normalize(given))
        .isInstanceOfSatisfying(
            CheckoutException.class, e -> assertThat(e.code()).isEqualTo(CheckoutFailure.ROOT_DIR_NOT_FOUND));
  }
}
