package io.deploymcp.api.logs;

import java.time.Instant;
import java.util.UUID;

/**
 * The deployment whose build log is read, with the names its Loki labels carry (tenant, project,
 * service, as the worker sets them) and the time window its lines can lie in.
 */
public record BuildLogTarget(
    UUID tenantId, String tenantName, String project, String service, UUID deploymentId,
    Instant createdAt, Instant finishedAt) {}
