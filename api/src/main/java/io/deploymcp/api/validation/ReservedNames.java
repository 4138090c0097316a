package io.deploymcp.api.validation;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Service names the platform keeps for itself: its own hosts under the apps domain, plus
 * whatever the operator adds through DP_RESERVED_NAMES.
 */
public final class ReservedNames {
  /** Hosts the platform serves (or will) under the apps domain. */
  public static final Set<String> BUILT_IN =
      Set.of(
          "www", "api", "mcp", "ops", "grafana", "loki", "registry", "temporal", "traefik",
          "prometheus", "alertmanager", "buildkit", "kubernetes", "admin");

  /** Preview environments are published as preview-<name>; a service must not shadow one. */
  public static final String PREVIEW_PREFIX = "preview-";

  private final Set<String> names;

  public ReservedNames(Collection<String> extra) {
    Set<String> all = new HashSet<>(BUILT_IN);
    extra.stream()
        .map(s -> s.trim().toLowerCase(Locale.ROOT))
        .filter(s -> !s.isEmpty())
        .forEach(all::add);
    this.names = Set.copyOf(all);
  }

  public boolean isReserved(String name) {
    return names.contains(name) || name.startsWith(PREVIEW_PREFIX);
  }
}
