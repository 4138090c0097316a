package io.deploymcp.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.ansible.support.NftRules;
import io.deploymcp.ansible.support.RenderedSite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * site.yml rendered for the four nodes of inventories/production (seed 001 §2, §3, §11, §13):
 * each pool's firewall, k3s flags, registry mapping and gVisor runtime as the roles write them.
 */
class ProductionRenderTest {
  private static final List<String> HOSTS = List.of("k3s-1", "ops-1", "build-1", "run-1");
  private static final List<Integer> NEVER_PUBLIC = List.of(5000, 6443, 8080, 9100, 9101, 10250, 2379);

  @TempDir static Path temp;
  static RenderedSite site;

  @BeforeAll
  static void render() {
    site = RenderedSite.render("inventories/production", HOSTS, temp);
    assertThat(site.result().exitCode()).as("site.yml:\n%s", site.result().output()).isZero();
  }

  @Test
  void onlyRunNodesAcceptPublicWeb() {
    for (String host : HOSTS) {
      NftRules rules = site.firewall(host);
      List<String> web = List.of(rules.inputAccepting(80), rules.inputAccepting(443)).stream().flatMap(List::stream).toList();
      if (host.equals("run-1")) {
        assertThat(web).as(host).isNotEmpty().allSatisfy(r -> assertThat(r).doesNotContain("saddr"));
      } else {
        assertThat(web).as(host).isEmpty();
      }
    }
  }

  @Test
  void registryAndClusterPortsOnlyFromThePrivateNetwork() {
    for (String host : HOSTS) {
      NftRules rules = site.firewall(host);
      for (int port : NEVER_PUBLIC) {
        assertThat(rules.inputAccepting(port)).as("%s port %d", host, port)
            .allSatisfy(r -> assertThat(r).startsWith("ip saddr @private_v4 "));
      }
      // Dropped before DNAT too, so a hostPort (the registry's 5000) is closed to the public.
      assertThat(rules.chain("prerouting")).as(host)
          .containsSubsequence("ip saddr @private_v4 accept", "tcp dport { 2379-2380, 5000, 6443, 8080, 9100, 9101, 10250, 30000-32767 } drop");
      assertThat(site.read(host, "etc/nftables.conf")).as(host)
          .contains("elements = { 10.0.1.0/24, 10.42.0.0/16, 10.43.0.0/16 }")
          .contains("policy drop;");
      // Never the whole ruleset: k3s's kube-proxy and flannel tables stay.
      assertThat(site.read(host, "etc/nftables.conf").lines().map(String::strip)).as(host).doesNotContain("flush ruleset");
    }
    assertThat(site.firewall("k3s-1").inputAccepting(6443)).hasSize(1);
    assertThat(site.firewall("k3s-1").inputAccepting(2379)).hasSize(1);
    assertThat(site.firewall("ops-1").inputAccepting(5000)).hasSize(1);
    for (String agent : List.of("ops-1", "build-1", "run-1")) {
      assertThat(site.firewall(agent).inputAccepting(6443)).as(agent).isEmpty();
      assertThat(site.firewall(agent).inputAccepting(2379)).as(agent).isEmpty();
    }
    for (String other : List.of("k3s-1", "build-1", "run-1")) {
      assertThat(site.firewall(other).inputAccepting(5000)).as(other).isEmpty();
    }
  }

  @Test
  void firewallRulesAreValidNftables() {
    for (String host : HOSTS) {
      site.assertValidNftables(host, temp);
    }
  }

  @Test
  void podsReachNeitherTheMetadataServiceNorSmtp() {
    for (String host : HOSTS) {
      assertThat(site.firewall(host).chain("forward")).as(host)
          .containsExactly("ip daddr { 169.254.169.254 } drop", "tcp dport { 25 } drop");
    }
  }

  @Test
  void onlyOpsAndBuildAreTainted() {
    assertThat(site.k3sConfig("ops-1")).containsEntry("node-taint", List.of("pool=ops:NoSchedule"));
    assertThat(site.k3sConfig("build-1")).containsEntry("node-taint", List.of("pool=build:NoSchedule"));
    assertThat(site.k3sConfig("k3s-1")).doesNotContainKey("node-taint");
    assertThat(site.k3sConfig("run-1")).doesNotContainKey("node-taint");
    assertThat(site.k3sConfig("k3s-1")).containsEntry("node-label", List.of("pool=ctrl"));
    assertThat(site.k3sConfig("ops-1")).containsEntry("node-label", List.of("pool=ops"));
    assertThat(site.k3sConfig("build-1")).containsEntry("node-label", List.of("pool=build"));
    assertThat(site.k3sConfig("run-1")).containsEntry("node-label", List.of("pool=run"));
  }

  @Test
  void serverCarriesTheSeedFlagsAndAgentsJoinItOverThePrivateNetwork() throws Exception {
    Map<String, Object> server = site.k3sConfig("k3s-1");
    assertThat(server)
        .containsEntry("cluster-init", true)
        .containsEntry("disable", List.of("traefik", "servicelb"))
        .containsEntry("tls-san", List.of("203.0.113.1", "10.0.1.1"))
        .containsEntry("node-ip", "10.0.1.1")
        .containsEntry("flannel-iface", "enp7s0")
        .doesNotContainKey("server");
    assertThat(site.file("k3s-1", "etc/systemd/system/k3s.service")).exists();
    assertThat(site.read("k3s-1", "etc/systemd/system/k3s.service")).contains("ExecStart=/usr/local/bin/k3s server");
    for (String agent : List.of("ops-1", "build-1", "run-1")) {
      assertThat(site.k3sConfig(agent)).as(agent)
          .containsEntry("server", "https://10.0.1.1:6443")
          .containsEntry("node-name", agent)
          .doesNotContainKey("cluster-init");
      assertThat(site.read(agent, "etc/systemd/system/k3s-agent.service")).contains("ExecStart=/usr/local/bin/k3s agent");
    }
    // Dedicated servers use their vSwitch VLAN, Cloud servers the attached network.
    assertThat(site.k3sConfig("ops-1")).containsEntry("flannel-iface", "enp0s31f6.4001").containsEntry("node-ip", "10.0.1.10");
    assertThat(site.k3sConfig("build-1")).containsEntry("flannel-iface", "enp7s0");
    assertThat(site.read("run-1", "etc/network/interfaces.d/vswitch-4001"))
        .contains("iface enp0s31f6.4001 inet static", "address 10.0.1.100/24", "vlan-raw-device enp0s31f6", "mtu 1400");
    assertThat(site.file("build-1", "etc/network/interfaces.d/vswitch-4001")).doesNotExist();
    assertThat(site.file("k3s-1", "etc/network/interfaces.d/vswitch-4001")).doesNotExist();
  }

  @Test
  void theTokenIsReadableByRootOnlyAndNeverPrinted() throws Exception {
    for (String host : HOSTS) {
      assertThat(site.k3sConfig(host)).as(host).containsEntry("token", RenderedSite.TEST_TOKEN);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(site.file(host, "etc/rancher/k3s/config.yaml"))))
          .isEqualTo("rw-------");
    }
    // The run printed every other file's diff (--diff), not this one.
    assertThat(site.result().output()).contains("registries.yaml").doesNotContain(RenderedSite.TEST_TOKEN);
  }

  @Test
  void everyNodePullsTheRegistryOverThePrivateNetwork() {
    for (String host : HOSTS) {
      assertThat(site.read(host, "etc/rancher/k3s/registries.yaml")).as(host)
          .contains("\"registry.internal:5000\":", "- \"http://10.0.1.10:5000\"");
      assertThat(site.read(host, "etc/hosts").lines()).as(host).containsOnlyOnce("10.0.1.10 registry.internal");
    }
  }

  @Test
  void gvisorRuntimeOnlyOnRunNodes() {
    String template = site.read("run-1", "var/lib/rancher/k3s/agent/etc/containerd/config.toml.tmpl");
    assertThat(template)
        .contains("{{ template \"base\" . }}")
        .contains("[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runsc]")
        .contains("runtime_type = \"io.containerd.runsc.v1\"")
        .contains("runtime_path = \"/opt/gvisor/bin/containerd-shim-runsc-v1\"");
    assertThat(site.read("run-1", "etc/containerd/runsc.toml")).contains("binary_name = \"/opt/gvisor/bin/runsc\"");
    for (String host : List.of("k3s-1", "ops-1", "build-1")) {
      assertThat(site.file(host, "var/lib/rancher/k3s/agent/etc/containerd")).as(host).doesNotExist();
    }
  }

  @Test
  void baseOfEveryNode() {
    for (String host : HOSTS) {
      assertThat(site.read(host, "etc/sysctl.d/90-k3s.conf")).as(host)
          .contains("net.ipv4.ip_forward = 1", "net.bridge.bridge-nf-call-iptables = 1");
      assertThat(site.read(host, "etc/ssh/sshd_config.d/00-deploy-mcp.conf")).as(host)
          .contains("PasswordAuthentication no", "PermitRootLogin prohibit-password");
      assertThat(site.read(host, "etc/apt/apt.conf.d/52deploy-mcp-unattended-upgrades")).as(host)
          .contains("#clear Unattended-Upgrade::Origins-Pattern;", "label=Debian-Security", "Automatic-Reboot \"false\"");
    }
  }
}
