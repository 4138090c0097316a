package io.deploymcp.buildkit.filesync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cases from Go's path/filepath match_test.go that apply to '/'-separated paths. */
class GoGlobTest {

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource(delimiter = '|', value = {
      "abc|abc|true",
      "*|abc|true",
      "*c|abc|true",
      "a*|a|true",
      "a*|abc|true",
      "a*|ab/c|false",
      "a*/b|abc/b|true",
      "a*/b|a/c/b|false",
      "a*b*c*d*e*/f|axbxcxdxe/f|true",
      "a*b?c*x|abxbbxdbxebxczzx|true",
      "a*b?c*x|abxbbxdbxebxczzy|false",
      "ab[c]|abc|true",
      "ab[b-d]|abc|true",
      "ab[e-g]|abc|false",
      "ab[^c]|abc|false",
      "ab[^b-d]|abc|false",
      "ab[^e-g]|abc|true",
      "a\\*b|a*b|true",
      "a\\*b|ab|false",
      "a?b|a☺b|true",
      "a[^a]b|a☺b|true",
      "a???b|a☺b|false",
      "*x|xxx|true",
      "a?b|a/b|false",
      "a*b|a/b|false",
      "[|a|false",
      "a[|a|false",
      "Dockerfile|Dockerfile|true",
      "Dockerfile.dockerignore|Dockerfile|false",
      "src/*.js|src/main.js|true",
      "src/*.js|src/sub/main.js|false",
      "a.b|axb|false",
  })
  void matchesLikeGo(String pattern, String name, boolean expected) {
    assertThat(GoGlob.matches(pattern, name)).isEqualTo(expected);
  }
}
