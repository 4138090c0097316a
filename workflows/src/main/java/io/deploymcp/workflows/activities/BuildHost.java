package io.deploymcp.workflows.activities;

import java.time.Duration;

/**
 * The worker host that checks out and builds one deployment.
 *
 * @param taskQueue the queue only that host polls
 * @param pickupTimeout how long a step may wait on that queue before the host counts as gone
 *     (a host knows how busy it may get; a workflow cannot)
 */
public record BuildHost(String taskQueue, Duration pickupTimeout) {}
