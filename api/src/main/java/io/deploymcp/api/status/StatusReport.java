package io.deploymcp.api.status;

/**
 * GET /v1/status: every component the platform depends on. {@code ready} is true when the
 * control plane itself (database and Temporal) works; builds and deploys also need the rest.
 */
public record StatusReport(
    boolean ready,
    ComponentStatus database,
    ComponentStatus temporal,
    ComponentStatus buildkit,
    ComponentStatus registry,
    ComponentStatus kubernetes,
    ComponentStatus loki) {}
