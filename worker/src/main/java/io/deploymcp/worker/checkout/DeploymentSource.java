package io.deploymcp.worker.checkout;

import java.util.UUID;

/** What a deployment fetches: the service's repository and the ref the caller asked for. */
public record DeploymentSource(UUID tenantId, String repo, String ref, boolean serviceDeleted) {}
