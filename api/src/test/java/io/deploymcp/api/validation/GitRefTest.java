package io.deploymcp.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.api.problem.ProblemCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class GitRefTest {
  @ParameterizedTest
  @ValueSource(strings = {"main", "feature/login", "release-1.2", "v1.0.0", "user/name/topic", "a", "fix_123", "héllo"})
  void acceptsRefNamesGitAccepts(String ref) {
    assertThat(GitRef.parse(ref, "branch").value()).isEqualTo(ref);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "-x", "--upload-pack=touch /tmp/x", "-", "@", "a..b", "a/.hidden", ".hidden", "a.lock", "a/b.lock/c", "a/", "/a",
        "a//b", "a.", "a@{1}", "a b", "a~1", "a^", "a:b", "a?", "a*", "a[b", "a\\b", "a\u0007b", "a\u007fb"
      })
  void rejectsWhatGitRejectsOrCouldBeAnOption(String ref) {
    assertThatThrownBy(() -> GitRef.parse(ref, "branch"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ProblemCode.INVALID_REF);
              assertThat(e.field()).isEqualTo("branch");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc1234", "ABCDEF0123456789abcdef0123456789abcdef01", "v1.2.3", "main"})
  void commitIsAShaOrARef(String commit) {
    assertThat(RequestedCommit.parse(commit).value()).isEqualToIgnoringCase(commit);
  }

  @ParameterizedTest
  @ValueSource(strings = {"--upload-pack=x", "-abc1234", "a..b", "abc 1234"})
  void commitRejectsOptionsAndBadRefs(String commit) {
    assertThatThrownBy(() -> RequestedCommit.parse(commit))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ProblemCode.INVALID_REF);
              assertThat(e.field()).isEqualTo("commit");
            });
  }

  @org.junit.jupiter.api.Test
  void shaIsStoredLowerCase() {
    assertThat(RequestedCommit.parse("ABCDEF1").value()).isEqualTo("abcdef1");
    assertThat(RequestedCommit.parse("abcdef1").isSha()).isTrue();
  }
}
