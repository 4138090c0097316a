package io.deploymcp.worker.checkout;

import java.util.UUID;

/**
 * What a deployment fetches: the service's repository, the ref the caller asked for, the
 * build context inside it, and the GitHub App installation that may read it (null if none).
 */
public record DeploymentSource(
    UUID tenantId,
    String repo,
    String ref,
    String rootDir,
    Long githubInstallationId,
    boolean serviceDeleted) {}
