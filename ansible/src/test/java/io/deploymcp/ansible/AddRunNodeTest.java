package io.deploymcp.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.ansible.support.AnsiblePaths;
import io.deploymcp.ansible.support.RenderedSite;
import io.deploymcp.ansible.support.RequiredTool;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** add-run-node.yml (seed 001 §15) takes exactly one run node named by --limit. */
class AddRunNodeTest {
  @TempDir Path temp;

  @Test
  void refusesToRunWithoutLimit() {
    RequiredTool.Result result = addRunNode();

    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains("Name the one new run node with --limit <host>");
  }

  @Test
  void joinsTheLimitedRunNodeUntaintedWithGvisor() {
    RequiredTool.Result result = addRunNode("--limit", "run-1");

    assertThat(result.exitCode()).as(result.output()).isZero();
    RenderedSite node = new RenderedSite(temp.resolve("root"), result);
    assertThat(node.k3sConfig("run-1"))
        .containsEntry("server", "https://10.0.1.1:6443")
        .containsEntry("node-label", List.of("pool=run"))
        .doesNotContainKey("node-taint");
    assertThat(node.file("run-1", "var/lib/rancher/k3s/agent/etc/containerd/config.toml.tmpl")).exists();
    assertThat(node.firewall("run-1").inputAccepting(443)).isNotEmpty();
    assertThat(result.output()).contains("Add the A record *.breacher.org -> 203.0.113.100");
  }

  private RequiredTool.Result addRunNode(String... limit) {
    RenderedSite.prepareRoot(temp.resolve("root"), List.of("run-1"));
    List<String> command = new java.util.ArrayList<>(RenderedSite.command("inventories/production", "playbooks/add-run-node.yml", temp.resolve("root")));
    command.addAll(List.of(limit));
    return RequiredTool.run(AnsiblePaths.ansible(), 120, AnsiblePaths.environment(temp), command);
  }
}
