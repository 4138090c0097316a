package io.deploymcp.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.ansible.support.AnsiblePaths;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Versions are pinned in one file; secrets only come from vault_* variables, none is committed. */
class VersionsAndSecretsTest {
  private static final Path VERSIONS = Path.of("playbooks/group_vars/all/versions.yml");

  @Test
  void versionsArePinnedInOneFile() {
    Map<String, Object> versions = new org.yaml.snakeyaml.Yaml().load(AnsiblePaths.read(AnsiblePaths.ansible().resolve(VERSIONS)));
    assertThat((String) versions.get("k3s_version")).matches("v\\d+\\.\\d+\\.\\d+\\+k3s\\d+");
    assertThat(String.valueOf(versions.get("gvisor_version"))).matches("\\d{8}(\\.\\d+)?");
    assertThat(versions.get("k3s_containerd_major")).isIn(1, 2);
    for (Path file : AnsiblePaths.files()) {
      if (file.equals(VERSIONS) || !file.toString().endsWith(".yml")) {
        continue;
      }
      assertThat(AnsiblePaths.read(AnsiblePaths.ansible().resolve(file))).as("%s", file)
          .doesNotContainPattern("(?m)^\\s*(k3s_version|gvisor_version|k3s_containerd_major):");
    }
  }

  @Test
  void noVaultFileIsCommittedAndTheTokenComesFromTheVault() {
    List<Path> files = AnsiblePaths.files();
    assertThat(files).noneMatch(f -> f.getFileName().toString().equals("vault.yml"));
    for (String inventory : AnsiblePaths.INVENTORIES) {
      Path main = Path.of(inventory, "group_vars/all/main.yml");
      assertThat(AnsiblePaths.read(AnsiblePaths.ansible().resolve(main))).as("%s", main)
          .contains("k3s_token: \"{{ vault_k3s_token }}\"");
      Path example = Path.of(inventory, "group_vars/all/vault.yml.example");
      assertThat(files).contains(example);
      Map<String, Object> values = new org.yaml.snakeyaml.Yaml().load(AnsiblePaths.read(AnsiblePaths.ansible().resolve(example)));
      assertThat(values).allSatisfy((k, v) -> {
        assertThat(k).startsWith("vault_");
        assertThat(String.valueOf(v)).startsWith("change-me");
      });
    }
    assertThat(AnsiblePaths.read(AnsiblePaths.ansible().resolve(".gitignore")))
        .contains("inventories/*/group_vars/all/vault.yml");
  }

  @Test
  void noSecretValueInAnyInventory() {
    for (Path file : AnsiblePaths.files()) {
      if (!file.startsWith("inventories") || file.toString().endsWith(".example")) {
        continue;
      }
      assertThat(AnsiblePaths.read(AnsiblePaths.ansible().resolve(file))).as("%s", file)
          .doesNotContainPattern("(?m)^\\s*(vault_\\w+|\\w*(token|password|secret)\\w*):\\s*(?!\"?\\{\\{)\\S");
    }
  }
}
