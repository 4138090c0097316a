package io.deploymcp.ops.gc;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the platform says about one service repository when a run opens.
 *
 * @param repository {@code dp-<tenant>-<project>/<service>}
 * @param serviceExists false for a deleted service (then {@code keep} is empty and its cache goes)
 * @param busy a build is in flight whose digest is not recorded yet: only {@code known} digests
 *     may be deleted there (an unknown one may be that push)
 * @param keep every digest a deployment still needs, with why (live_production, live_preview,
 *     rollback_target, not_terminal, recent)
 * @param known every digest any deployment of the repository recorded
 */
public record RepositoryPolicy(
    String repository, boolean serviceExists, boolean busy, Map<String, List<String>> keep, Set<String> known) {

  public RepositoryPolicy {
    keep = Map.copyOf(keep);
    known = Set.copyOf(known);
  }
}
