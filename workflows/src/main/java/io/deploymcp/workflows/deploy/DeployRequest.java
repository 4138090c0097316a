package io.deploymcp.workflows.deploy;

import java.util.UUID;

/** Input of {@link DeployWorkflow}: identifiers only, never tokens or env values. */
public record DeployRequest(UUID tenantId, UUID serviceId, UUID deploymentId) {}
