package io.deploymcp.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each kind of restriction admits; both set means both must hold. */
class KeyRestrictionTest {
  @Test
  void admitsByNameProjectOrBoth() {
    assertThat(KeyRestriction.NONE.restricted()).isFalse();
    assertThat(KeyRestriction.NONE.admits("any", "p")).isTrue();

    KeyRestriction names = new KeyRestriction(List.of("a", "b"), null);
    assertThat(names.admits("a", "x")).isTrue();
    assertThat(names.admits("c", "x")).isFalse();

    KeyRestriction project = new KeyRestriction(null, "alpha");
    assertThat(project.admits("anything", "alpha")).isTrue();
    assertThat(project.admits("anything", "beta")).isFalse();

    KeyRestriction both = new KeyRestriction(List.of("a"), "alpha");
    assertThat(both.admits("a", "alpha")).isTrue();
    assertThat(both.admits("a", "beta")).isFalse();
    assertThat(both.admits("b", "alpha")).isFalse();
  }

  @Test
  void refusalsNameTheRestriction() {
    KeyRestriction both = new KeyRestriction(List.of("a"), "alpha");
    assertThatThrownBy(() -> both.check("a", "beta"))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.code()).isEqualTo(ProblemCode.KEY_RESTRICTED))
        .hasMessageContaining("services [a] of project 'alpha'").hasMessageContaining("is in project 'beta'");
    assertThatThrownBy(() -> both.requireUnrestricted("Reading the audit log"))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.code()).isEqualTo(ProblemCode.KEY_RESTRICTED))
        .hasMessageStartingWith("Reading the audit log needs an unrestricted API key");
    KeyRestriction.NONE.requireUnrestricted("anything");
    KeyRestriction.NONE.check("x", "y");
  }
}
