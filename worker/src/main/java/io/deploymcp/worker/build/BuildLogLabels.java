package io.deploymcp.worker.build;

import java.util.UUID;

/**
 * What identifies a build log in Loki: the low-cardinality stream labels {@code tenant},
 * {@code project}, {@code service} (with {@code job="build"}, the seed's build-log query) and the
 * deployment id, which goes in structured metadata, not in a label.
 */
public record BuildLogLabels(String tenant, String project, String service, UUID deploymentId) {}
