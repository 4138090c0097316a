package io.deploymcp.kube.rollout;

import java.time.Duration;

/**
 * A rollout that became available.
 *
 * @param readyReplicas ready pods of the new version
 * @param desiredReplicas the Deployment's replicas (0 and 0 for a cron service)
 * @param took from the start of the wait until the new version was available
 */
public record RolloutReport(int readyReplicas, int desiredReplicas, Duration took) {}
