package io.deploymcp.ansible.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Where the files under test are: the module directory is ansible/ (Surefire's working directory). */
public final class AnsiblePaths {
  private AnsiblePaths() {}

  public static final List<String> PLAYBOOKS =
      List.of("playbooks/site.yml", "playbooks/add-run-node.yml", "playbooks/upgrade-k3s.yml");
  public static final List<String> INVENTORIES = List.of("inventories/production", "inventories/single");

  public static Path ansible() {
    Path here = Path.of("").toAbsolutePath();
    if (!Files.isRegularFile(here.resolve("ansible.cfg"))) {
      throw new IllegalStateException("not run from ansible/: " + here);
    }
    return here;
  }

  /**
   * Environment of every ansible command: this ansible.cfg even where the checkout is world
   * writable (Ansible ignores a cfg there), temporary files in the test's directory, no colour.
   */
  public static Map<String, String> environment(Path temp) {
    return Map.of(
        "ANSIBLE_CONFIG", ansible().resolve("ansible.cfg").toString(),
        "ANSIBLE_LOCAL_TEMP", temp.resolve("ansible-local").toString(),
        "ANSIBLE_REMOTE_TEMP", temp.resolve("ansible-remote").toString(),
        "ANSIBLE_NOCOLOR", "1",
        "ANSIBLE_FORCE_COLOR", "0",
        // Facts once per host and run, only the small subset the roles read (architecture).
        "ANSIBLE_GATHERING", "smart",
        "ANSIBLE_GATHER_SUBSET", "min");
  }

  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every regular file under ansible/ except build output, relative to ansible/. */
  public static List<Path> files() {
    Path root = ansible();
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(root::relativize)
          .filter(p -> !p.startsWith("target"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
