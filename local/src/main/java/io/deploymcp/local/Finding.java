package io.deploymcp.local;

import java.util.Map;

/**
 * What autodetection concluded about one component, for the banner and the children's
 * environment.
 *
 * @param component the banner's name for it ("BuildKit", "registry", "base images", "Kubernetes")
 * @param variables what the launcher sets because of it (empty when nothing usable was found)
 * @param how one plain clause: what was found, or why nothing is used
 */
record Finding(String component, Map<String, String> variables, String how) {
  Finding {
    variables = Map.copyOf(variables);
  }

  static Finding found(String component, Map<String, String> variables, String how) {
    return new Finding(component, variables, how);
  }

  static Finding nothing(String component, String how) {
    return new Finding(component, Map.of(), how);
  }

  boolean usable() {
    return !variables.isEmpty();
  }
}
