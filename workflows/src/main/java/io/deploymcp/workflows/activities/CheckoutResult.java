package io.deploymcp.workflows.activities;

/**
 * What the checkout produced: the exact commit, and the workspace holding it on the worker
 * host that ran the checkout (the build runs on the same host; see {@link WorkspaceActivities}).
 */
public record CheckoutResult(String commitSha, String workspace) {}
