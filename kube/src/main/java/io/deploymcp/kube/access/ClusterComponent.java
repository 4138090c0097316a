package io.deploymcp.kube.access;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * A platform process that talks to the Kubernetes API, and the User-Agent its client sends
 * ({@code deploy-mcp-worker/0.1.0}), so the API server's audit log and the stand-in's request
 * record tell who made a call. The Helm chart grants each its own ClusterRole ({@link
 * ClusterPermissions}).
 */
public enum ClusterComponent {
  /** Applies, watches and removes services' objects. */
  WORKER("deploy-mcp-worker"),
  /** Reads live status and runtime logs. */
  API("deploy-mcp-api");

  /** The platform version, from the kube module's build. */
  public static final String VERSION = readVersion();

  private final String product;

  ClusterComponent(String product) {
    this.product = product;
  }

  /** The product token without the version, e.g. {@code deploy-mcp-api}. */
  public String product() {
    return product;
  }

  public String userAgent() {
    return product + "/" + VERSION;
  }

  /** The component whose client sent {@code userAgent}, if any. */
  public static java.util.Optional<ClusterComponent> ofUserAgent(String userAgent) {
    if (userAgent != null) {
      for (ClusterComponent component : values()) {
        if (userAgent.startsWith(component.product + "/")) {
          return java.util.Optional.of(component);
        }
      }
    }
    return java.util.Optional.empty();
  }

  private static String readVersion() {
    Properties properties = new Properties();
    try (InputStream in = ClusterComponent.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("io/deploymcp/kube/access/version.properties is missing from the kube module");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }
}
