package io.deploymcp.kube.apply;

import java.util.List;

/**
 * What one {@link ClusterApplier#apply} did.
 *
 * @param objects how many objects were server-side applied (project and service objects)
 * @param changed how many of them the API server created or modified, plus obsolete objects
 *     deleted; 0 when the cluster already held exactly this spec
 * @param applied the applied objects in apply order, e.g. {@code Deployment dp-acme-shop/api}
 *     (names only: no content, so it can be logged and kept in workflow history)
 */
public record ApplyResult(int objects, int changed, List<String> applied) {
  public ApplyResult {
    applied = List.copyOf(applied);
  }
}
