package io.deploymcp.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.ansible.support.AnsiblePaths;
import io.deploymcp.ansible.support.RequiredTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every playbook parses against every example inventory (ansible-playbook --syntax-check). */
class SyntaxCheckTest {
  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(strings = {"inventories/production", "inventories/single"})
  void everyPlaybookPassesSyntaxCheck(String inventory) {
    Path ansiblePlaybook = RequiredTool.require("ansible-playbook", "Debian: apt-get install ansible");
    assertThat(AnsiblePaths.INVENTORIES).contains(inventory);
    for (String playbook : AnsiblePaths.PLAYBOOKS) {
      assertThat(AnsiblePaths.ansible().resolve(playbook)).as(playbook).satisfies(p -> assertThat(Files.isRegularFile(p)).isTrue());
    }
    List<String> command = new ArrayList<>(List.of(ansiblePlaybook.toString(), "-i", inventory, "--syntax-check"));
    command.addAll(AnsiblePaths.PLAYBOOKS);

    RequiredTool.Result check =
        RequiredTool.run(AnsiblePaths.ansible(), 60, AnsiblePaths.environment(temp), command);

    assertThat(check.exitCode()).as("syntax-check with %s:\n%s", inventory, check.output()).isZero();
    // One "playbook: <path>" line per playbook parsed.
    for (String playbook : AnsiblePaths.PLAYBOOKS) {
      assertThat(check.output()).contains("playbook: " + playbook);
    }
  }
}
