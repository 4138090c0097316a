package io.deploymcp.api.deployment;

import java.time.Instant;
import java.util.UUID;

/**
 * One deployment: one attempt to run one commit of a service in one environment. {@code trigger}
 * says who started it (api, webhook, mcp, …); {@code buildSkipped} is true when the registry
 * already held the image of this commit and build configuration, false when it was built, and
 * null until the build phase decides. A publish or rollback runs the image of an earlier
 * deployment, named by {@code sourceDeploymentId} (null for a deploy from source).
 */
public record DeploymentView(
    UUID id,
    String service,
    String environment,
    String status,
    String trigger,
    UUID sourceDeploymentId,
    String requestedRef,
    String commitSha,
    String imageRef,
    Boolean buildSkipped,
    String workflowId,
    Instant createdAt,
    Instant cloningAt,
    Instant buildingAt,
    Instant deployingAt,
    Instant finishedAt,
    Instant updatedAt,
    DeploymentErrorView error) {}
