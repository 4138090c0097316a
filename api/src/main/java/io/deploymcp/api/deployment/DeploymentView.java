package io.deploymcp.api.deployment;

import java.time.Instant;
import java.util.UUID;

/** One deployment: one attempt to run one commit of a service in one environment. */
public record DeploymentView(
    UUID id,
    String service,
    String environment,
    String status,
    String requestedRef,
    String commitSha,
    String imageRef,
    String workflowId,
    Instant createdAt,
    Instant cloningAt,
    Instant buildingAt,
    Instant deployingAt,
    Instant finishedAt,
    Instant updatedAt,
    DeploymentErrorView error) {}
