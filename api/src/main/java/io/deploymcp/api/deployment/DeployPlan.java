package io.deploymcp.api.deployment;

/**
 * The deploy a request would start (nothing is written or started): of which service, to which
 * environment, and which ref, with {@code refSource} saying where the ref came from
 * ({@code commit}, {@code branch}, or the service's own {@code service_branch}).
 */
public record DeployPlan(
    boolean dryRun, String service, String environment, String ref, String refSource, String hint) {}
