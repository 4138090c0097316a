package io.deploymcp.buildkit.filesync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** .dockerignore semantics as docker's PatternMatcher (fileutils_test.go) defines them. */
class ExcludePatternsTest {

  @ParameterizedTest(name = "{0} excludes {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "*.log|app.log|true",
      "*.log|logs/app.log|false",
      "**/*.log|logs/app.log|true",
      "**/*.log|app.log|true",
      "node_modules|node_modules|true",
      "node_modules|node_modules/x/index.js|true",
      "node_modules|src/node_modules|false",
      "**/node_modules|src/node_modules/x.js|true",
      "dir/**|dir/a/b|true",
      "dir/**|dir|false",
      "./build/|build/out.js|true",
      "a?c|abc|true",
      "a?c|a/c|false",
      "docs/*.md|docs/readme.md|true",
      "docs/*.md|docs/sub/readme.md|false",
      "a.b|axb|false",
      "a+b|a+b|true",
      "a+b|aab|false",
  })
  void matchesLikeDocker(String pattern, String path, boolean excluded) {
    assertThat(ExcludePatterns.compile(List.of(pattern)).matches(path)).isEqualTo(excluded);
  }

  @Test
  void theLastMatchingPatternWinsAndBangReIncludes() {
    ExcludePatterns patterns = ExcludePatterns.compile(List.of("*.md", "!README.md", "  ", "docs"));

    assertThat(patterns.matches("CHANGES.md")).isTrue();
    assertThat(patterns.matches("README.md")).isFalse();
    assertThat(patterns.matches("docs/guide.txt")).isTrue();
    assertThat(patterns.hasExclusions()).isTrue();
  }

  @Test
  void knowsWhenAnExcludedDirectoryHoldsSomethingReIncluded() {
    ExcludePatterns patterns = ExcludePatterns.compile(List.of("build", "!build/keep.txt"));

    assertThat(patterns.reincludesBelow("build")).isTrue();
    assertThat(patterns.reincludesBelow("other")).isFalse();
  }

  @Test
  void aLoneBangIsRefused() {
    assertThatThrownBy(() -> ExcludePatterns.compile(List.of("!")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("illegal exclusion pattern");
  }
}
