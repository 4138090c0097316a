package io.deploymcp.worker.support;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Sorts the connections a deploy made ({@link OutboundConnections}) into the destinations the
 * Helm chart's worker NetworkPolicy names — by matching each remote end against the endpoints
 * the worker was configured with — and appends them to the file named by {@value
 * #FILE_PROPERTY} ({@code target/cluster-records/worker-connections.jsonl}), one JSON line per
 * (test, class, remote). A remote end that matches no configured endpoint is {@value
 * #UNCLASSIFIED}, which the helm module's egress check refuses: the worker talked to something
 * the policy does not know about.
 */
public final class EgressRecord {
  public static final String FILE_PROPERTY = "deploymcp.connections.file";
  public static final String UNCLASSIFIED = "unclassified";

  /** Destination class → host:port endpoints configured for it. */
  private final Map<String, List<String>> endpoints = new LinkedHashMap<>();

  public EgressRecord postgres(String jdbcUrl) {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    return endpoint("postgres", uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()));
  }

  public EgressRecord kubernetesApi(String serverUrl) {
    URI uri = URI.create(serverUrl);
    return endpoint("kubernetes-api", uri.getHost() + ":" + (uri.getPort() < 0 ? 443 : uri.getPort()));
  }

  /** {@code host:port} as REGISTRY_HOST names it. */
  public EgressRecord registry(String hostPort) {
    return endpoint("registry", hostPort);
  }

  public EgressRecord endpoint(String destination, String hostPort) {
    endpoints.computeIfAbsent(destination, d -> new ArrayList<>()).add(hostPort);
    return this;
  }

  /** Each connection's destination class (or {@value #UNCLASSIFIED}), by remote end. */
  public Map<String, String> classify(Set<OutboundConnections.Endpoint> seen) {
    Map<String, String> classes = new TreeMap<>();
    for (OutboundConnections.Endpoint remote : seen) {
      classes.put(remote.toString(), classOf(remote));
    }
    return classes;
  }

  /** Classifies and appends the connections of {@code test}; returns the classes. */
  public Map<String, String> append(String test, Set<OutboundConnections.Endpoint> seen) {
    Map<String, String> classes = classify(seen);
    String file = System.getProperty(FILE_PROPERTY, "");
    if (!file.isBlank()) {
      StringBuilder lines = new StringBuilder();
      classes.forEach((remote, destination) -> {
        Map<String, String> line = new LinkedHashMap<>();
        line.put("test", test);
        line.put("class", destination);
        line.put("remote", remote);
        lines.append(Serialization.asJson(line)).append('\n');
      });
      try {
        Path path = Path.of(file);
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.writeString(path, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return classes;
  }

  private String classOf(OutboundConnections.Endpoint remote) {
    for (Map.Entry<String, List<String>> entry : endpoints.entrySet()) {
      for (String hostPort : entry.getValue()) {
        int colon = hostPort.lastIndexOf(':');
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        if (port == remote.port() && sameHost(hostPort.substring(0, colon), remote.address())) {
          return entry.getKey();
        }
      }
    }
    return UNCLASSIFIED;
  }

  private static boolean sameHost(String host, InetAddress address) {
    try {
      for (InetAddress candidate : InetAddress.getAllByName(host.replace("[", "").replace("]", ""))) {
        if (candidate.equals(address) || (candidate.isLoopbackAddress() && address.isLoopbackAddress())) {
          return true;
        }
      }
    } catch (UnknownHostException e) {
      return false;
    }
    return false;
  }
}
