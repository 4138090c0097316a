package io.deploymcp.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.ansible.support.NftRules;
import io.deploymcp.ansible.support.RenderedSite;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * site.yml rendered for inventories/single, every pool on one host, with the containerd 2.x
 * template (k3s_containerd_major=2, as a newer k3s pin would set it) and an operator's address
 * allowed to the k3s API.
 */
class SingleServerRenderTest {
  @TempDir static Path temp;
  static RenderedSite site;

  @BeforeAll
  static void render() {
    site = RenderedSite.render("inventories/single", List.of("node-1"), temp, "-e", "k3s_containerd_major=2",
        "-e", "{\"firewall_api_sources\": [\"198.51.100.7/32\"]}");
    assertThat(site.result().exitCode()).as("site.yml:\n%s", site.result().output()).isZero();
  }

  @Test
  void oneUntaintedServerLabelledRun() {
    assertThat(site.k3sConfig("node-1"))
        .containsEntry("cluster-init", true)
        .containsEntry("node-label", List.of("pool=run"))
        .doesNotContainKey("node-taint")
        .doesNotContainKey("server");
    assertThat(site.file("node-1", "etc/systemd/system/k3s.service")).exists();
    assertThat(site.file("node-1", "etc/systemd/system/k3s-agent.service")).doesNotExist();
  }

  @Test
  void servesWebAndKeepsClusterPortsPrivate() {
    NftRules rules = site.firewall("node-1");
    assertThat(rules.inputAccepting(443)).containsExactly("tcp dport { 80, 443 } accept");
    assertThat(rules.inputAccepting(6443))
        .containsExactly("ip saddr @private_v4 tcp dport 6443 accept", "ip saddr { 198.51.100.7/32 } tcp dport 6443 accept");
    assertThat(rules.chain("prerouting")).containsSubsequence(
        "ip saddr { 198.51.100.7/32 } tcp dport 6443 accept",
        "tcp dport { 2379-2380, 5000, 6443, 8080, 9100, 9101, 10250, 30000-32767 } drop");
    for (int port : List.of(5000, 2379, 10250)) {
      assertThat(rules.inputAccepting(port)).as("port %d", port).singleElement()
          .satisfies(r -> assertThat(r).startsWith("ip saddr @private_v4 "));
    }
    assertThat(site.read("node-1", "etc/hosts")).contains("10.0.1.1 registry.internal");
  }

  @Test
  void firewallRulesAreValidNftables() {
    site.assertValidNftables("node-1", temp);
  }

  @Test
  void containerdTwoGetsTheVersionThreeTemplate() {
    String dir = "var/lib/rancher/k3s/agent/etc/containerd/";
    assertThat(site.file("node-1", dir + "config.toml.tmpl")).doesNotExist();
    assertThat(site.read("node-1", dir + "config-v3.toml.tmpl"))
        .contains("{{ template \"base\" . }}")
        .contains("[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runsc]");
  }
}
