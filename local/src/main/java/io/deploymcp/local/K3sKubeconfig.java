package io.deploymcp.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The kubeconfig a k3s server writes on its own machine ({@code /etc/rancher/k3s/k3s.yaml}), used
 * only when every cluster in it is served from this machine: a kubeconfig copied from elsewhere
 * must never send deploys to a remote cluster unless KUBECONFIG names it.
 */
final class K3sKubeconfig {
  static final Path DEFAULT = Path.of("/etc/rancher/k3s/k3s.yaml");
  private static final int MAX_BYTES = 1 << 20;

  private K3sKubeconfig() {}

  /** The finding for the Kubernetes line: KUBECONFIG=file, or why the file is not used. */
  static Finding inspect(Path file) {
    String component = "Kubernetes";
    if (!Files.exists(file)) {
      return Finding.nothing(component, "no k3s kubeconfig at " + file);
    }
    if (!Files.isReadable(file)) {
      return Finding.nothing(component, "k3s' " + file + " is not readable by this user (k3s writes it mode 600:"
          + " start k3s with --write-kubeconfig-mode=644, or copy it and set KUBECONFIG)");
    }
    List<String> servers;
    try {
      if (Files.size(file) > MAX_BYTES) {
        return Finding.nothing(component, file + " is larger than a kubeconfig; not used");
      }
      servers = servers(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      return Finding.nothing(component, file + " is not a kubeconfig this launcher can read; not used");
    }
    if (servers.isEmpty()) {
      return Finding.nothing(component, file + " names no cluster server; not used");
    }
    for (String server : servers) {
      String host = host(server);
      if (host == null || !LocalAddresses.isLocal(host)) {
        return Finding.nothing(component, file + " points at " + server + ", which is not this machine;"
            + " not used (set KUBECONFIG to use that cluster)");
      }
    }
    return Finding.found(component, Map.of("KUBECONFIG", file.toString()),
        "detected: k3s on this machine (" + String.join(", ", servers) + ")");
  }

  /** Every {@code clusters[].cluster.server} of a kubeconfig. */
  static List<String> servers(String yaml) {
    Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    List<String> servers = new ArrayList<>();
    if (root instanceof Map<?, ?> config && config.get("clusters") instanceof List<?> clusters) {
      for (Object entry : clusters) {
        if (entry instanceof Map<?, ?> named && named.get("cluster") instanceof Map<?, ?> cluster
            && cluster.get("server") instanceof String server && !server.isBlank()) {
          servers.add(server.strip());
        }
      }
    }
    return servers;
  }

  private static String host(String server) {
    try {
      return URI.create(server).getHost();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
