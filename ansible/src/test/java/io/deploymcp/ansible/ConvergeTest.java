package io.deploymcp.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.deploymcp.ansible.support.AnsiblePaths;
import io.deploymcp.ansible.support.ConvergeTargets;
import io.deploymcp.ansible.support.PlaybookRun;
import io.deploymcp.ansible.support.RenderedSite;
import io.deploymcp.ansible.support.RequiredTool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * site.yml converged on Debian 12 containers standing for two servers of inventories/production
 * (ConvergeTargets): k3s-1, the k3s server on a Cloud server, and run-1, a dedicated run node
 * (vSwitch, gVisor, agent); between them they run every task of site.yml. Real paths (dp_root
 * empty), Debian's own files underneath, Debian's tools to judge the result. Skipped as on any
 * host without the internet: the tags download and (outside check mode, where apt would refresh
 * its lists) packages; dp_live_host=false skips what needs a booted systemd, the host's kernel
 * modules and sysctls, a NIC or a running k3s (ansible/README.md "What only a real server
 * exercises"). Runs: converge, converge again (must change nothing), --check --diff with the
 * packages tag (must change nothing), --check --diff of the k3s server's tasks with a rotated
 * token (only the k3s config would change, and no token is printed).
 */
class ConvergeTest {
  private static final List<String> HOSTS = List.of("k3s-1", "run-1");
  private static final String TOKEN = "token-of-the-converge-test-8b2e61d0";
  private static final String ROTATED_TOKEN = "token-rotated-by-the-converge-test-5c9a";
  private static final String K3S_CONFIG = "k3s_common : Write the k3s configuration";

  @TempDir static Path temp;
  static ConvergeTargets targets;
  static PlaybookRun first;
  static PlaybookRun second;
  static PlaybookRun check;
  static PlaybookRun rotatedCheck;

  @BeforeAll
  static void converge() {
    long t0 = System.nanoTime();
    targets = ConvergeTargets.start(HOSTS, temp);
    // What a Cloud image's cloud-init writes for a server made without an SSH key.
    targets.sh("k3s-1", "echo 'PasswordAuthentication yes' > /etc/ssh/sshd_config.d/50-cloud-init.conf");
    long t1 = System.nanoTime();
    first = site(TOKEN, HOSTS, "packages,download");
    assertThat(first.exitCode()).as("first converge:\n%s", first.output()).isZero();
    long t2 = System.nanoTime();
    second = site(TOKEN, HOSTS, "packages,download");
    long t3 = System.nanoTime();
    check = site(TOKEN, HOSTS, "download", "--check");
    long t4 = System.nanoTime();
    // From the k3s config on: the plays before it write nothing the token is in (3 s, not 10).
    rotatedCheck = site(ROTATED_TOKEN, List.of("k3s-1"), "download", "--check", "--start-at-task", K3S_CONFIG);
    long t5 = System.nanoTime();
    System.out.printf("converge: image and targets %.1f s, first %.1f s, second %.1f s, check %.1f s, rotated check %.1f s%n",
        (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, (t5 - t4) / 1e9);
  }

  @AfterAll
  static void removeTargets() {
    if (targets != null) {
      targets.close();
    }
  }

  private static PlaybookRun site(String token, List<String> limit, String skipTags, String... extra) {
    Path ansiblePlaybook = RequiredTool.require("ansible-playbook", "Debian: apt-get install ansible");
    List<String> command = new ArrayList<>(List.of(ansiblePlaybook.toString(),
        "-i", "inventories/production", "-i", targets.inventory().toString(), "playbooks/site.yml",
        "--limit", String.join(",", limit), "--diff", "--skip-tags", skipTags,
        "-e", "dp_live_host=false", "-e", "vault_k3s_token=" + token));
    command.addAll(List.of(extra));
    return PlaybookRun.of(RequiredTool.run(AnsiblePaths.ansible(), 300, AnsiblePaths.environment(temp), command));
  }

  @Test
  void firstConvergeWritesTheFilesAndTheSecondChangesNothing() {
    List<String> everyNode = List.of(
        "common : Load the kernel modules k3s needs at every boot",
        "common : Write the sysctls k3s needs",
        // Debian's unattended-upgrades ships its own 20auto-upgrades: replaced.
        "common : Turn on unattended upgrades",
        "common : Limit unattended upgrades to security updates",
        "common : Harden sshd",
        // Debian's nftables ships an /etc/nftables.conf with "flush ruleset": replaced.
        "firewall : Write the nftables rules",
        "registry_client : Map the private registry in registries.yaml",
        "registry_client : Resolve the registry name to its private address",
        K3S_CONFIG,
        "k3s_common : Write the k3s systemd unit");
    for (String host : HOSTS) {
      assertThat(first.recap(host).failed()).as(host).isZero();
      assertThat(first.changed(host)).as("changed on %s by the first converge", host).containsAll(everyNode);
      assertThat(second.exitCode()).as("second converge:\n%s", second.output()).isZero();
      assertThat(second.recap(host)).as(host).satisfies(r -> {
        assertThat(r.changed()).as("changed=").isZero();
        assertThat(r.failed()).as("failed=").isZero();
        assertThat(r.unreachable()).as("unreachable=").isZero();
        assertThat(r.ok()).as("ok= the same tasks ran").isEqualTo(first.recap(host).ok());
      });
      assertThat(second.changed(host)).as("changed on %s by the second converge", host).isEmpty();
    }
    assertThat(first.changed("run-1")).contains("vswitch : Describe the VLAN interface",
        "gvisor : Point the shim at this runsc", "gvisor : Add the runsc runtime to k3s's containerd");
    // Debian's ifupdown already reads interfaces.d: the role leaves that file as it is.
    assertThat(first.changed("run-1")).doesNotContain("vswitch : Let ifupdown read interfaces.d");
  }

  @Test
  void checkModeOnTheConvergedServersReportsNoChange() {
    assertThat(check.exitCode()).as("site.yml --check --diff:\n%s", check.output()).isZero();
    for (String host : HOSTS) {
      assertThat(check.recap(host).changed()).as("%s changed= in check mode:\n%s", host, check.output()).isZero();
      assertThat(check.recap(host).failed()).as(host).isZero();
    }
    // The apt task ran too (check mode refreshes no lists): every package of common is there.
    assertThat(check.output()).contains("TASK [common : Install the base packages]");
    assertThat(check.output()).doesNotContain(TOKEN);
  }

  @Test
  void checkModeWithARotatedTokenChangesOnlyTheK3sConfigAndPrintsNeitherToken() {
    assertThat(rotatedCheck.exitCode()).as("site.yml --check --diff:\n%s", rotatedCheck.output()).isZero();
    assertThat(rotatedCheck.changed("k3s-1")).containsExactly(K3S_CONFIG);
    assertThat(rotatedCheck.output()).doesNotContain(TOKEN).doesNotContain(ROTATED_TOKEN);
    // Check mode wrote nothing.
    assertThat(k3sConfig("k3s-1")).containsEntry("token", TOKEN);
  }

  @Test
  void noRunPrintsTheToken() {
    for (PlaybookRun run : List.of(first, second)) {
      assertThat(run.output()).doesNotContain(TOKEN);
    }
  }

  @Test
  void k3sConfigIsReadableByRootOnlyAndHoldsEachNodesFlags() {
    for (String host : HOSTS) {
      assertThat(targets.sh(host, "stat -c '%a %U:%G' /etc/rancher/k3s/config.yaml").strip()).as(host).isEqualTo("600 root:root");
    }
    assertThat(k3sConfig("k3s-1"))
        .containsEntry("cluster-init", true)
        .containsEntry("token", TOKEN)
        .containsEntry("node-name", "k3s-1")
        .containsEntry("node-ip", "10.0.1.1")
        .containsEntry("flannel-iface", "enp7s0")
        .containsEntry("node-label", List.of("pool=ctrl"))
        .containsEntry("tls-san", List.of("203.0.113.1", "10.0.1.1"))
        .doesNotContainKey("node-taint");
    assertThat(k3sConfig("run-1"))
        .containsEntry("server", "https://10.0.1.1:6443")
        .containsEntry("node-ip", "10.0.1.100")
        .containsEntry("flannel-iface", "enp0s31f6.4001")
        .containsEntry("node-label", List.of("pool=run"))
        .doesNotContainKey("cluster-init")
        .doesNotContainKey("node-taint");
  }

  @Test
  void k3sUnitsPassSystemdAnalyzeButForTheSkippedBinary() {
    for (String host : HOSTS) {
      String unit = host.equals("k3s-1") ? "k3s.service" : "k3s-agent.service";
      String other = host.equals("k3s-1") ? "k3s-agent.service" : "k3s.service";
      RequiredTool.Result verify = targets.exec(host, "systemd-analyze", "verify", "/etc/systemd/system/" + unit);
      // The download tag put no /usr/local/bin/k3s there; anything else is the unit's fault.
      assertThat(verify.output().lines().filter(l -> !l.isBlank()))
          .as("%s: systemd-analyze verify %s", host, unit)
          .allSatisfy(l -> assertThat(l).contains("/usr/local/bin/k3s is not executable"));
      assertThat(targets.exec(host, "test", "-e", "/etc/systemd/system/" + other).exitCode()).as(host).isNotZero();
    }
  }

  @Test
  void registryNameResolvesBesideDebiansOwnHostsEntries() {
    for (String host : HOSTS) {
      List<String> hosts = targets.read(host, "/etc/hosts").lines().toList();
      assertThat(hosts).as(host)
          .containsOnlyOnce("10.0.1.10 registry.internal")
          .contains("127.0.0.1\tlocalhost", "127.0.1.1\t" + host);
      assertThat(targets.sh(host, "getent hosts registry.internal").strip().split("\\s+")).as(host).containsExactly("10.0.1.10", "registry.internal");
      Map<String, Object> registries = new org.yaml.snakeyaml.Yaml().load(targets.read(host, "/etc/rancher/k3s/registries.yaml"));
      assertThat(registries).as(host).isEqualTo(
          Map.of("mirrors", Map.of("registry.internal:5000", Map.of("endpoint", List.of("http://10.0.1.10:5000")))));
    }
  }

  /**
   * What the role's handler does on a server (nft -f), in the container's own network
   * namespace: the kernel takes the rules, loading them twice gives the same table, and a table
   * of someone else (k3s's, here a stand-in) survives.
   */
  @Test
  void firewallLoadsIntoTheKernelTwiceAndLeavesOtherTablesAlone() {
    for (String host : HOSTS) {
      RequiredTool.Result validate = targets.exec(host, "nft", "-c", "-f", "/etc/nftables.conf");
      assumeFalse(RenderedSite.lacksNetfilter(validate), "no netfilter for the target: " + validate.output());
      assertThat(validate.exitCode()).as("%s: nft -c -f /etc/nftables.conf\n%s", host, validate.output()).isZero();
      String tables = targets.sh(host, String.join(" && ",
          "nft add table ip k3s-stand-in",
          "nft add chain ip k3s-stand-in KUBE-SERVICES",
          "nft -f /etc/nftables.conf", "nft list table inet deploy_mcp > /tmp/once",
          "nft -f /etc/nftables.conf", "nft list table inet deploy_mcp > /tmp/twice",
          "cmp /tmp/once /tmp/twice", "nft list tables"));
      assertThat(tables.lines()).as(host).contains("table ip k3s-stand-in", "table inet deploy_mcp");
      String input = targets.sh(host, "nft list chain inet deploy_mcp input");
      assertThat(input).as(host).contains("policy drop;").contains("tcp dport 10250 accept");
      if (host.equals("run-1")) {
        assertThat(input).contains("tcp dport { 80, 443 } accept");
      } else {
        assertThat(input).doesNotContain("dport { 80, 443 }").contains("tcp dport 6443 accept");
      }
    }
  }

  /** On k3s-1 over a cloud-init drop-in that allows passwords (sshd keeps a keyword's first value). */
  @Test
  void sshdAcceptsTheDropInAndAppliesIt() {
    assertThat(targets.exec("k3s-1", "test", "-f", "/etc/ssh/sshd_config.d/50-cloud-init.conf").exitCode()).isZero();
    for (String host : HOSTS) {
      String effective = targets.sh(host, "mkdir -p /run/sshd && sshd -t && sshd -T");
      assertThat(effective.lines()).as("%s: sshd -T", host).contains(
          "port 22",
          // OpenSSH prints prohibit-password by its older name.
          "permitrootlogin without-password",
          "passwordauthentication no",
          "kbdinteractiveauthentication no",
          "permitemptypasswords no",
          "x11forwarding no",
          "allowagentforwarding no",
          "maxauthtries 3",
          "logingracetime 30");
    }
  }

  @Test
  void unattendedUpgradesTakeOnlySecurityOriginsInAptsOwnReading() {
    for (String host : HOSTS) {
      // Debian's 50unattended-upgrades lists more origins; 52's #clear must replace them.
      assertThat(targets.sh(host, "apt-config dump Unattended-Upgrade::Origins-Pattern").lines()
          .filter(l -> l.startsWith("Unattended-Upgrade::Origins-Pattern:: ")))
          .as(host)
          .containsExactly(
              "Unattended-Upgrade::Origins-Pattern:: \"origin=Debian,codename=${distro_codename}-security,label=Debian-Security\";",
              "Unattended-Upgrade::Origins-Pattern:: \"origin=Debian,codename=${distro_codename},label=Debian-Security\";");
      assertThat(targets.sh(host, "apt-config dump").lines()).as(host).contains(
          "APT::Periodic::Update-Package-Lists \"1\";",
          "APT::Periodic::Unattended-Upgrade \"1\";",
          "Unattended-Upgrade::Automatic-Reboot \"false\";");
    }
  }

  @Test
  void kernelSettingsAreWrittenForTheNextBoot() {
    for (String host : HOSTS) {
      assertThat(targets.read(host, "/etc/modules-load.d/k3s.conf").lines()).as(host).contains("br_netfilter", "overlay");
      assertThat(targets.read(host, "/etc/sysctl.d/90-k3s.conf").lines()).as(host).contains(
          "net.ipv4.ip_forward = 1", "net.bridge.bridge-nf-call-iptables = 1", "fs.inotify.max_user_instances = 8192");
    }
  }

  @Test
  void vlanStanzaParsesWithDebiansIfupdownOnTheDedicatedNodeOnly() {
    String vlan = "enp0s31f6.4001";
    assertThat(targets.sh("run-1", "ifquery --list").lines()).contains(vlan);
    assertThat(targets.sh("run-1", "ifquery " + vlan).lines()).contains(
        "address: 10.0.1.100", "netmask: 255.255.255.0", "vlan-raw-device: enp0s31f6", "mtu: 1400");
    // What the handler's ifup would run, printed instead of run (there is no NIC here).
    assertThat(targets.sh("run-1", "ifup --no-act " + vlan))
        .contains("ip link add link enp0s31f6 name enp0s31f6.4001 type vlan id 4001")
        .contains("ip addr add 10.0.1.100/255.255.255.0")
        .containsPattern("ip link set dev enp0s31f6\\.4001 mtu 1400\\s+up");
    assertThat(targets.sh("k3s-1", "ifquery --list").lines()).doesNotContain(vlan);
    assertThat(targets.exec("k3s-1", "test", "-e", "/etc/network/interfaces.d/vswitch-4001").exitCode()).isNotZero();
  }

  @Test
  void gvisorRuntimeOnTheRunNodeOnly() {
    String template = "/var/lib/rancher/k3s/agent/etc/containerd/config.toml.tmpl";
    assertThat(targets.read("run-1", "/etc/containerd/runsc.toml")).contains("binary_name = \"/opt/gvisor/bin/runsc\"");
    assertThat(targets.read("run-1", template))
        .contains("[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runsc]")
        .contains("runtime_path = \"/opt/gvisor/bin/containerd-shim-runsc-v1\"");
    assertThat(targets.sh("run-1", "stat -c %a /opt/gvisor/bin").strip()).isEqualTo("755");
    for (String absent : List.of(template, "/etc/containerd/runsc.toml", "/opt/gvisor")) {
      assertThat(targets.exec("k3s-1", "test", "-e", absent).exitCode()).as(absent).isNotZero();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> k3sConfig(String host) {
    return (Map<String, Object>) new org.yaml.snakeyaml.Yaml().load(targets.read(host, "/etc/rancher/k3s/config.yaml"));
  }
}
