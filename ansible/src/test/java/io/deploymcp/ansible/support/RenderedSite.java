package io.deploymcp.ansible.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * site.yml run for every host of an inventory with a local connection into a directory per
 * host (dp_root), as a check mode cannot: the roles' real templates, lineinfile and file tasks
 * write each node's files. Skipped, as on any host without network: the tags packages and
 * download; and with dp_live_host=false every task and handler that needs a running systemd,
 * kernel or k3s. The token is a test value, named so a leak is easy to find.
 */
public record RenderedSite(Path root, RequiredTool.Result result) {
  public static final String TEST_TOKEN = "token-of-the-render-test-4f1d9a7c";

  /** The directories a Debian base system has, which the roles write into and do not create. */
  private static final List<String> DEBIAN_DIRECTORIES =
      List.of("etc/modules-load.d", "etc/sysctl.d", "etc/apt/apt.conf.d", "etc/network", "etc/ssh",
          "etc/systemd/system", "usr/local/bin");

  public static RenderedSite render(String inventory, List<String> hosts, Path temp, String... extraArgs) {
    Path root = temp.resolve("root");
    prepareRoot(root, hosts);
    List<String> command = new ArrayList<>(command(inventory, "playbooks/site.yml", root));
    command.addAll(List.of(extraArgs));
    RequiredTool.Result result =
        RequiredTool.run(AnsiblePaths.ansible(), 300, AnsiblePaths.environment(temp), command);
    return new RenderedSite(root, result);
  }

  /** One directory per host with the Debian base directories in it. */
  public static void prepareRoot(Path root, List<String> hosts) {
    try {
      for (String host : hosts) {
        for (String dir : DEBIAN_DIRECTORIES) {
          Files.createDirectories(root.resolve(host).resolve(dir));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** ansible-playbook for a playbook run into root, without network, systemd or a vault. */
  public static List<String> command(String inventory, String playbook, Path root) {
    Path ansiblePlaybook = RequiredTool.require("ansible-playbook", "Debian: apt-get install ansible");
    return List.of(
        ansiblePlaybook.toString(), "-i", inventory, playbook, "-c", "local", "--diff",
        "--skip-tags", "packages,download",
        "-e", "dp_live_host=false", "-e", "ansible_become=false",
        "-e", "vault_k3s_token=" + TEST_TOKEN,
        "-e", "{\"dp_root\": \"" + root + "/{{ inventory_hostname }}\"}");
  }

  public Path file(String host, String path) {
    return root.resolve(host).resolve(path);
  }

  public String read(String host, String path) {
    return AnsiblePaths.read(file(host, path));
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> k3sConfig(String host) {
    return (Map<String, Object>) new org.yaml.snakeyaml.Yaml().load(read(host, "etc/rancher/k3s/config.yaml"));
  }

  /**
   * nft -c -f on a host's rules: the kernel's own parser and validator, nothing loaded. Where
   * the sandbox has no netfilter at all (nft cannot open netlink), the check is skipped with
   * that reason; any other complaint fails.
   */
  public void assertValidNftables(String host, Path temp) {
    Path nft = RequiredTool.require("nft", "Debian: apt-get install nftables");
    RequiredTool.Result check = RequiredTool.run(temp, 30, Map.of(),
        List.of(nft.toString(), "-c", "-f", file(host, "etc/nftables.conf").toString()));
    org.junit.jupiter.api.Assumptions.assumeFalse(lacksNetfilter(check), "no netfilter here for nft -c: " + check.output());
    org.assertj.core.api.Assertions.assertThat(check.exitCode()).as("nft -c %s:\n%s", host, check.output()).isZero();
  }

  /** True when nft failed because it cannot reach netfilter at all, not because of the rules. */
  public static boolean lacksNetfilter(RequiredTool.Result nft) {
    return nft.exitCode() != 0
        && !nft.output().contains("Error: syntax error")
        && nft.output().matches("(?s).*(Operation not permitted|Protocol not supported|cache initialization failed).*");
  }

  public NftRules firewall(String host) {
    return NftRules.parse(read(host, "etc/nftables.conf"));
  }
}
