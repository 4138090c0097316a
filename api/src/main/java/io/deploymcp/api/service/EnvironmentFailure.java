package io.deploymcp.api.service;

import java.time.Instant;
import java.util.UUID;

/**
 * The newest failed deployment of an environment, without its log tail (GET
 * /v1/deployments/{id} has it). A failure older than the live deployment is history; a newer one
 * means the live deployment kept serving while that one failed.
 */
public record EnvironmentFailure(
    UUID deploymentId, String phase, String code, String message, String hint, Instant failedAt) {}
