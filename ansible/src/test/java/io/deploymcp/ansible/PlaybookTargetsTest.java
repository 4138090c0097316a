package io.deploymcp.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.ansible.support.AnsiblePaths;
import io.deploymcp.ansible.support.RequiredTool;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which hosts each play of site.yml and upgrade-k3s.yml reaches (ansible-playbook --list-hosts). */
class PlaybookTargetsTest {
  @TempDir Path temp;

  @Test
  void siteInstallsTheServerOnTheFirstCtrlHostAndAgentsEverywhereElse() {
    Map<String, List<String>> plays = listHosts("inventories/production", "playbooks/site.yml");

    assertThat(plays).containsExactly(
        Map.entry("Base of every node", List.of("build-1", "k3s-1", "ops-1", "run-1")),
        Map.entry("GVisor on the run nodes", List.of("run-1")),
        Map.entry("K3s server (--cluster-init)", List.of("k3s-1")),
        Map.entry("K3s agents", List.of("build-1", "ops-1", "run-1")));
  }

  @Test
  void singleServerIsTheServerAndNoAgent() {
    Map<String, List<String>> plays = listHosts("inventories/single", "playbooks/site.yml");

    assertThat(plays).containsEntry("K3s server (--cluster-init)", List.of("node-1"))
        .containsEntry("GVisor on the run nodes", List.of("node-1"))
        .containsEntry("K3s agents", List.of());
  }

  @Test
  void upgradeTakesTheServerFirstThenOneAgentAtATime() {
    Map<String, List<String>> plays = listHosts("inventories/production", "playbooks/upgrade-k3s.yml");
    assertThat(plays).containsExactly(
        Map.entry("Upgrade the k3s server", List.of("k3s-1")),
        Map.entry("Upgrade the k3s agents one at a time", List.of("build-1", "ops-1", "run-1")));

    List<Map<String, Object>> yaml =
        new org.yaml.snakeyaml.Yaml().load(AnsiblePaths.read(AnsiblePaths.ansible().resolve("playbooks/upgrade-k3s.yml")));
    assertThat(yaml).hasSize(2).allSatisfy(play -> assertThat(play).containsEntry("serial", 1));
  }

  /** Play name to its hosts, sorted, in play order. */
  private Map<String, List<String>> listHosts(String inventory, String playbook) {
    Path ansiblePlaybook = RequiredTool.require("ansible-playbook", "Debian: apt-get install ansible");
    RequiredTool.Result result = RequiredTool.run(AnsiblePaths.ansible(), 60, AnsiblePaths.environment(temp),
        List.of(ansiblePlaybook.toString(), "-i", inventory, playbook, "--list-hosts"));
    assertThat(result.exitCode()).as(result.output()).isZero();

    Map<String, List<String>> plays = new LinkedHashMap<>();
    String play = null;
    for (String line : result.output().lines().toList()) {
      java.util.regex.Matcher header = java.util.regex.Pattern.compile("^\\s*play #\\d+ \\([^)]*\\): (.*?)\\tTAGS:.*").matcher(line);
      if (header.matches()) {
        play = header.group(1);
        plays.put(play, new java.util.ArrayList<>());
      } else if (play != null && line.startsWith("      ") && !line.isBlank()) {
        plays.get(play).add(line.strip());
      }
    }
    plays.replaceAll((k, v) -> v.stream().sorted().toList());
    return plays;
  }
}
