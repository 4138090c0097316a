package io.deploymcp.workflows.deploy;

import io.deploymcp.workflows.DeploymentStatus;
import java.util.UUID;

/**
 * Result of {@link DeployWorkflow}: the terminal status, the commit and image when known,
 * and the reason code when it failed. Identifiers and codes only.
 */
public record DeployOutcome(
    UUID deploymentId, DeploymentStatus status, String commitSha, String imageRef, String errorCode) {}
