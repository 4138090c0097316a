package io.deploymcp.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

/** {@code helm lint --strict}: the chart is well-formed and its defaults render and validate. */
class ChartLintTest {

  @Test
  void theChartLintsCleanlyInStrictMode() {
    LintResult result = Chart.deployMcp().helm().lint().strict().call();

    assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }
}
