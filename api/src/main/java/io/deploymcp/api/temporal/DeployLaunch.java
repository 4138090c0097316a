package io.deploymcp.api.temporal;

import java.util.UUID;

/**
 * What starting a deploy needs: the ids go into the workflow input, the names into search
 * attributes and the memo for the Web UI. Nothing here is secret.
 */
public record DeployLaunch(
    UUID tenantId,
    String tenantName,
    UUID serviceId,
    String serviceName,
    UUID deploymentId,
    String repo,
    String environment,
    String requestedRef) {}
