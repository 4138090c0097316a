package io.deploymcp.api.service;

/**
 * What each environment of a service serves: the platform's own records (the worker moves an
 * environment's live deployment when a rollout succeeds and leaves it when a later one fails)
 * and, on a single service's GET, the cluster's live status of each.
 */
public record ServiceEnvironments(EnvironmentView production, EnvironmentView preview) {}
