package io.deploymcp.api.status;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which component settings bin/local-stack detected on its machine (it names them in
 * DP_AUTODETECTED) and which were set by hand, so /v1/status can say so. Outside the local
 * stack nothing is detected: the API and worker images never look for anything.
 */
public record SettingSources(Set<String> detected) {
  static final String BASE_IMAGE_PREFIX = "DP_BASE_IMAGE_";

  public SettingSources {
    detected = Set.copyOf(detected);
  }

  public static SettingSources of(Optional<List<String>> autodetected) {
    return new SettingSources(autodetected.orElse(List.of()).stream()
        .map(String::strip)
        .filter(name -> !name.isEmpty())
        .collect(Collectors.toSet()));
  }

  /** A configured component's status with its source; a not-configured one unchanged. */
  public ComponentStatus annotate(ComponentStatus status, String variable) {
    if (status.state() == ComponentState.NOT_CONFIGURED) {
      return status;
    }
    if (detected.contains(variable)) {
      return new ComponentStatus(status.state(), status.reason() + " (" + variable + " detected by the local stack)",
          ComponentStatus.DETECTED);
    }
    return status.from(ComponentStatus.ENVIRONMENT);
  }

  /** The DP_BASE_IMAGE_* variables the local stack found in its registry, sorted. */
  public List<String> detectedBaseImages() {
    return detected.stream().filter(name -> name.startsWith(BASE_IMAGE_PREFIX))
        .collect(Collectors.toCollection(TreeSet::new)).stream().toList();
  }
}
