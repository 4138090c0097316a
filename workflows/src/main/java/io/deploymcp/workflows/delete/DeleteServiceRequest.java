package io.deploymcp.workflows.delete;

import java.util.UUID;

/** Input of {@link DeleteServiceWorkflow}: identifiers only. */
public record DeleteServiceRequest(UUID tenantId, UUID serviceId) {}
