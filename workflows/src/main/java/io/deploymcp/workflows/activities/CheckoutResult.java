package io.deploymcp.workflows.activities;

/**
 * What the checkout produced: the exact commit, and the worker-local workspace holding it
 * (null when the checkout only resolved the commit).
 */
public record CheckoutResult(String commitSha, String workspace) {}
