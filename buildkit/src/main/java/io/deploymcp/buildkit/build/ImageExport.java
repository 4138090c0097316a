package io.deploymcp.buildkit.build;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Where the built image goes; each kind fits one kind of daemon. */
public sealed interface ImageExport {

  /** The exporter name and attributes of a SolveRequest (legacy single-exporter fields 3/4). */
  String exporter();

  Map<String, String> exporterAttrs();

  /**
   * Into the Docker engine's image store (exporter {@code moby}), tagged with {@code names};
   * pushing is a separate step through the engine API. The only export the engine's built-in
   * BuildKit offers.
   */
  record MobyExport(List<String> names) implements ImageExport {
    public MobyExport {
      names = List.copyOf(names);
      if (names.isEmpty()) {
        throw new IllegalArgumentException("a moby export needs at least one image name");
      }
      for (String name : names) {
        BuildRequest.requireImageReference(name);
      }
    }

    @Override
    public String exporter() {
      return "moby";
    }

    @Override
    public Map<String, String> exporterAttrs() {
      return Map.of("name", String.join(",", names));
    }
  }

  /**
   * An OCI image built by a standalone buildkitd (exporter {@code image}) and, with
   * {@code push}, pushed by the daemon itself; the response then carries the manifest digest.
   *
   * @param names the image's names (the daemon's {@code name} attribute takes a comma list)
   * @param insecureRegistry allow plain HTTP / unverified TLS for this registry
   */
  record RegistryExport(List<String> names, boolean push, boolean insecureRegistry) implements ImageExport {
    public RegistryExport {
      names = List.copyOf(names);
      if (names.isEmpty()) {
        throw new IllegalArgumentException("a registry export needs at least one image name");
      }
      for (String name : names) {
        BuildRequest.requireImageReference(name);
      }
    }

    public RegistryExport(String name, boolean push, boolean insecureRegistry) {
      this(List.of(name), push, insecureRegistry);
    }

    @Override
    public String exporter() {
      return "image";
    }

    @Override
    public Map<String, String> exporterAttrs() {
      Map<String, String> attrs = new TreeMap<>();
      attrs.put("name", String.join(",", names));
      attrs.put("push", Boolean.toString(push));
      if (insecureRegistry) {
        attrs.put("registry.insecure", "true");
      }
      return attrs;
    }
  }
}
