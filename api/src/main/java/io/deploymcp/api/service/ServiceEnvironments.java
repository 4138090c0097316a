package io.deploymcp.api.service;

/**
 * What each environment of a service serves now. Read from the platform's own records (the
 * worker moves an environment's live deployment when a rollout succeeds and leaves it when a
 * later one fails), not from the cluster: replica counts and pod states are not here yet.
 */
public record ServiceEnvironments(EnvironmentView production, EnvironmentView preview) {}
