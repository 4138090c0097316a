package io.deploymcp.api.service;

import io.deploymcp.api.deployment.DeploymentView;
import java.time.Instant;
import java.util.UUID;

/** A service as the API shows it, with its URL and latest deployment (null before the first). */
public record ServiceView(
    UUID id,
    String name,
    String project,
    String url,
    String repo,
    String branch,
    String rootDir,
    String buildPack,
    int port,
    String cpu,
    String memory,
    String kind,
    String schedule,
    String healthCheckPath,
    Instant createdAt,
    Instant updatedAt,
    DeploymentView latestDeployment) {}
