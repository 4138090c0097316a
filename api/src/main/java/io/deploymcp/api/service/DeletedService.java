package io.deploymcp.api.service;

import java.util.UUID;

/** Answer of DELETE /v1/services/{name}: the name is free again, cleanup runs in a workflow. */
public record DeletedService(UUID id, String name, String status, String workflowId, String hint) {}
