package io.deploymcp.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.ansible.support.AnsiblePaths;
import io.deploymcp.ansible.support.RequiredTool;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ansible-lint with the production profile and yamllint (strict) find nothing in ansible/. */
class LintTest {
  @TempDir Path temp;

  @Test
  void ansibleLintProductionProfileIsClean() {
    Path ansibleLint = RequiredTool.require("ansible-lint", "Debian: apt-get install ansible-lint");

    // 6.13's -p means parseable output; the profile is --profile. --offline: no Galaxy.
    RequiredTool.Result lint =
        RequiredTool.run(AnsiblePaths.ansible(), 120, AnsiblePaths.environment(temp),
            List.of(ansibleLint.toString(), "--offline", "--profile", "production", "-p", "--nocolor"));

    assertThat(lint.exitCode()).as("ansible-lint:\n%s", lint.output()).isZero();
    assertThat(lint.output()).contains("Passed with production profile").doesNotContain("WARNING  Listing");
  }

  @Test
  void lintConfigurationSkipsNoRule() {
    // Any skip must be justified where it is made; today there is none to justify.
    String config = AnsiblePaths.read(AnsiblePaths.ansible().resolve(".ansible-lint"));
    assertThat(config).contains("profile: production").doesNotContain("skip_list").doesNotContain("warn_list");
  }

  @Test
  void yamllintStrictIsClean() {
    Path yamllint = RequiredTool.require("yamllint", "Debian: apt-get install yamllint");

    RequiredTool.Result lint =
        RequiredTool.run(AnsiblePaths.ansible(), 60, AnsiblePaths.environment(temp),
            List.of(yamllint.toString(), "--strict", "-f", "parsable", "-c", ".yamllint", "."));

    assertThat(lint.exitCode()).as("yamllint:\n%s", lint.output()).isZero();
  }
}
