package io.deploymcp.ansible.support;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The image of the converge targets, src/test/converge/Dockerfile: bin/base-images' Debian
 * minbase + python3 with the common role's packages installed. Docker's build cache keys it on
 * the Dockerfile, boot.sh and the package list, so only the first build on a machine (about
 * 10 s: apt from the Debian mirror) costs anything.
 */
public final class ConvergeImage {
  private ConvergeImage() {}

  /** Made by bin/base-images from debootstrap --variant=minbase (no public registry). */
  public static final String BASE = "127.0.0.1:5000/base/python:1";
  /** Local only, never pushed. */
  public static final String NAME = "deploy-mcp-test/ansible-converge-target:latest";

  /** Builds (or finds in the build cache) the image with these packages; returns its name. */
  public static String build(Path docker, List<String> packages) {
    Path ansible = AnsiblePaths.ansible();
    RequiredTool.Result engine = RequiredTool.run(ansible, 30, Map.of(),
        List.of(docker.toString(), "version", "--format", "{{.Server.Version}}"));
    if (engine.exitCode() != 0) {
      throw RequiredTool.unavailable("no Docker engine answers: " + engine.output().strip());
    }
    if (!present(docker, BASE)) {
      RequiredTool.Result pull = RequiredTool.run(ansible, 120, Map.of(), List.of(docker.toString(), "pull", "-q", BASE));
      if (pull.exitCode() != 0) {
        throw RequiredTool.unavailable(BASE + " is neither in the engine nor in the registry"
            + " (REGISTRY_HOST=127.0.0.1:5000 bin/base-images python): " + pull.output().strip());
      }
    }
    // The classic builder: it runs RUN steps with --network host without a BuildKit
    // entitlement. The network is for apt only; the targets themselves get none.
    RequiredTool.Result build = RequiredTool.run(ansible, 600, Map.of("DOCKER_BUILDKIT", "0"), List.of(
        docker.toString(), "build", "-q", "--network", "host",
        "--build-arg", "BASE=" + BASE, "--build-arg", "PACKAGES=" + String.join(" ", packages),
        "-t", NAME, "src/test/converge"));
    if (build.exitCode() != 0) {
      throw new AssertionError("docker build of the converge target failed:\n" + build.output());
    }
    return NAME;
  }

  private static boolean present(Path docker, String image) {
    return RequiredTool.run(AnsiblePaths.ansible(), 30, Map.of(),
        List.of(docker.toString(), "image", "inspect", "--format", "{{.Id}}", image)).exitCode() == 0;
  }
}
