package io.deploymcp.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubmoduleRuleTest {
  private static final URI ORIGIN = URI.create("https://git.example.com/org/app.git");

  @ParameterizedTest
  @CsvSource({
    "../lib.git, https://git.example.com/org/lib.git",
    "./sub.git, https://git.example.com/org/app.git/sub.git",
    "../../other/lib, https://git.example.com/other/lib",
    "https://git.example.com/x/y.git, https://git.example.com/x/y.git",
    "https://GIT.example.com:443/x/y.git, https://GIT.example.com:443/x/y.git"
  })
  void followsUrlsOnTheRepositoryHost(String url, String expected) {
    assertThat(SubmoduleRule.allowedUrl(ORIGIN, ORIGIN, "lib", url)).hasToString(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://github.com/org/lib.git",
        "http://git.example.com/org/lib.git",
        "https://git.example.com:8443/org/lib.git",
        "https://user:pw@git.example.com/org/lib.git",
        "ssh://git@git.example.com/org/lib.git",
        "git@git.example.com:org/lib.git",
        "file:///etc",
        "/srv/git/lib.git",
        "git://git.example.com/org/lib.git",
        " "
      })
  void refusesEverythingElse(String url) {
    assertThatThrownBy(() -> SubmoduleRule.allowedUrl(ORIGIN, ORIGIN, "lib", url))
        .isInstanceOfSatisfying(
            CheckoutException.class,
            e -> {
              assertThat(e.code()).isEqualTo(CheckoutFailure.SUBMODULE_NOT_ALLOWED);
              assertThat(e.getMessage()).doesNotContain("pw");
            });
  }

  @org.junit.jupiter.api.Test
  void nestedRelativeUrlsResolveAgainstTheirOwnSuperproject() {
    URI lib = URI.create("https://git.example.com/org/lib.git");
    assertThat(SubmoduleRule.allowedUrl(lib, ORIGIN, "inner", "../inner.git"))
        .hasToString("https://git.example.com/org/inner.git");
  }
}
