package io.deploymcp.ops.gc;

import java.util.List;
import java.util.Set;

/**
 * The platform's answer to a claim: the digests this run may delete, and those it may not
 * because a deployment started needing them after the run opened.
 */
public record ClaimResult(Set<ImageDigest> granted, List<Refusal> refused) {

  public ClaimResult {
    granted = Set.copyOf(granted);
    refused = List.copyOf(refused);
  }

  /** A digest the platform refused, with its reason (e.g. not_terminal, live_production). */
  public record Refusal(ImageDigest image, String reason) {}
}
