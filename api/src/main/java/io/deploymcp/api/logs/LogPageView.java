package io.deploymcp.api.logs;

import java.util.List;
import java.util.UUID;

/**
 * Answer of GET /v1/services/{name}/logs: lines of one deployment, newest first. The
 * deployment is the one asked for, else the service's latest (null when it has none yet);
 * {@code nextCursor} reads older lines and is null on the last page.
 */
public record LogPageView(
    String service,
    UUID deploymentId,
    String deploymentStatus,
    String type,
    List<LogLineView> items,
    String nextCursor) implements LogsView {}
