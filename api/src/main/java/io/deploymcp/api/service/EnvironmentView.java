package io.deploymcp.api.service;

import java.time.Instant;
import java.util.UUID;

/**
 * One environment of a service: its URL (null for kinds without one: worker, cron), the live
 * deployment with its commit and image (all null until a rollout there succeeds) and since
 * when it serves, and the environment's newest failed deployment (null when none failed).
 */
public record EnvironmentView(
    String url,
    UUID liveDeploymentId,
    String commitSha,
    String imageRef,
    Instant liveSince,
    EnvironmentFailure lastFailure) {}
