package io.deploymcp.ansible.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One Debian 12 container per inventory host, standing for that server in a converge: its
 * hostname is the host's name, it has no network (--network none) and namespaces of its own.
 * Ansible and the checks enter those namespaces (mount, network, PID, UTS, IPC) with nsenter,
 * through community.docker.nsenter (shipped by Debian's ansible), as root like the inventories'
 * ansible_user. nsenter, not docker exec: a docker exec costs about 100 ms of engine and runc
 * work, and a converge runs some 80 commands per host; nsenter costs a fork. Being root in the
 * container's own network namespace, nft loads rules into a real kernel without touching this
 * machine's. Needs root and the engine's processes in this PID namespace (a local engine).
 */
public final class ConvergeTargets implements AutoCloseable {
  private static final String BOOT = "/usr/local/sbin/dp-converge-boot";

  private final Path docker;
  private final Path nsenter;
  private final Map<String, String> containers = new LinkedHashMap<>();
  private final Map<String, Integer> pids = new LinkedHashMap<>();
  private final Path inventory;

  private ConvergeTargets(Path docker, Path nsenter, Path inventory) {
    this.docker = docker;
    this.nsenter = nsenter;
    this.inventory = inventory;
  }

  public static ConvergeTargets start(List<String> hosts, Path temp) {
    Path docker = RequiredTool.require("docker", "Debian: apt-get install docker.io");
    Path nsenter = RequiredTool.require("nsenter", "Debian: apt-get install util-linux");
    if (!root()) {
      throw RequiredTool.unavailable("the converge enters its containers with nsenter: run as root");
    }
    String image = ConvergeImage.build(docker, commonPackages());
    String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    ConvergeTargets targets = new ConvergeTargets(docker, nsenter, temp.resolve("converge-targets.yml"));
    try {
      for (String host : hosts) {
        targets.startContainer(host, "dp-converge-" + host + "-" + run, image);
      }
      for (String host : hosts) {
        targets.sh(host, BOOT);
      }
      Files.writeString(targets.inventory, targets.inventoryText());
      return targets;
    } catch (IOException e) {
      targets.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      targets.close();
      throw e;
    }
  }

  /** The common role's packages: the image holds them, as a server has after the `packages` tag. */
  @SuppressWarnings("unchecked")
  static List<String> commonPackages() {
    Map<String, Object> defaults = new org.yaml.snakeyaml.Yaml().load(
        AnsiblePaths.read(AnsiblePaths.ansible().resolve("roles/common/defaults/main.yml")));
    return (List<String>) defaults.get("common_packages");
  }

  /** The extra inventory (-i after the real one): how Ansible reaches each host's container. */
  public Path inventory() {
    return inventory;
  }

  /** A command run as root in the target's namespaces: output (stdout and stderr) and exit code. */
  public RequiredTool.Result exec(String host, String... command) {
    List<String> args = new ArrayList<>(List.of(nsenter.toString(), "--ipc", "--mount", "--net", "--pid", "--uts",
        "--target=" + pid(host), "--", "env", "-i", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG=C.UTF-8"));
    args.addAll(List.of(command));
    return RequiredTool.run(AnsiblePaths.ansible(), 60, Map.of(), args);
  }

  /** A shell command line on the target; fails the test unless it exits 0. */
  public String sh(String host, String script) {
    RequiredTool.Result result = exec(host, "sh", "-c", script);
    if (result.exitCode() != 0) {
      throw new AssertionError(host + ": `" + script + "` exited " + result.exitCode() + ":\n" + result.output());
    }
    return result.output();
  }

  public String read(String host, String path) {
    return sh(host, "cat " + path);
  }

  @Override
  public void close() {
    for (String name : containers.values()) {
      docker(60, "rm", "-f", name);
    }
  }

  private void startContainer(String host, String name, String image) {
    RequiredTool.Result started = docker(60, "run", "-d", "--rm", "--name", name, "--hostname", host,
        "--network", "none", "--label", "io.deploymcp.test=ansible-converge", image);
    if (started.exitCode() != 0) {
      throw new AssertionError("docker run of the target " + host + " failed:\n" + started.output());
    }
    containers.put(host, name);
    RequiredTool.Result inspect = docker(30, "inspect", "--format", "{{.State.Pid}}", name);
    int pid = inspect.exitCode() == 0 ? Integer.parseInt(inspect.output().strip()) : 0;
    if (pid <= 0) {
      throw new AssertionError("the target " + host + " is not running:\n" + inspect.output() + docker(30, "logs", name).output());
    }
    // /proc/<pid>/root is the container's file system only where the engine's PID is ours.
    if (!Files.isExecutable(Path.of("/proc", String.valueOf(pid), "root", BOOT.substring(1)))) {
      throw RequiredTool.unavailable("the Docker engine's processes are not in this PID namespace (a remote or"
          + " virtualised engine): nsenter cannot enter the converge targets");
    }
    pids.put(host, pid);
  }

  private int pid(String host) {
    Integer pid = pids.get(host);
    if (pid == null) {
      throw new IllegalArgumentException("no converge target for " + host);
    }
    return pid;
  }

  private String inventoryText() {
    StringBuilder text = new StringBuilder("all:\n  hosts:\n");
    pids.forEach((host, pid) -> text.append("    ").append(host).append(":\n")
        .append("      ansible_connection: community.docker.nsenter\n")
        .append("      ansible_nsenter_pid: ").append(pid).append('\n'));
    return text.toString();
  }

  private static boolean root() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private RequiredTool.Result docker(long timeoutSeconds, String... args) {
    List<String> command = new ArrayList<>(List.of(docker.toString()));
    command.addAll(List.of(args));
    return RequiredTool.run(AnsiblePaths.ansible(), timeoutSeconds, Map.of(), command);
  }
}
