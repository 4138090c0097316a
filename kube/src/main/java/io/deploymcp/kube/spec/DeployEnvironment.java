package io.deploymcp.kube.spec;

import java.util.Locale;

/**
 * The two environments of a service. Each has its own objects: production is named after the
 * service, preview after {@code preview-<service>} (a prefix service names may not take).
 */
public enum DeployEnvironment {
  PRODUCTION,
  PREVIEW;

  /** {@code production} or {@code preview}, as in the API and the database. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The environment stored as {@code production} or {@code preview}. */
  public static DeployEnvironment fromWireName(String raw) {
    for (DeployEnvironment environment : values()) {
      if (environment.wireName().equals(raw)) {
        return environment;
      }
    }
    throw new IllegalArgumentException("environment '" + raw + "' is not production or preview");
  }
}
