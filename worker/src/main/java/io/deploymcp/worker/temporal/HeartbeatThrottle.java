package io.deploymcp.worker.temporal;

import io.temporal.spring.boot.WorkerOptionsCustomizer;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * How often heartbeats really reach Temporal. The SDK sends at most one per 80% of the heartbeat
 * timeout, which leaves 20% of it for a heartbeat to arrive: 0.6 s of a 3 s timeout, less than a
 * cold JVM on a busy machine sometimes needs, and the timeout then fires on a live worker (its
 * step retried while it still runs; crash/'s WorkerKillIT saw it). Sending at most every third of
 * the shortest timeout in use leaves two thirds of it.
 */
@Component
public class HeartbeatThrottle implements WorkerOptionsCustomizer {
  /** The workflow's own shortest heartbeat timeout, when DP_HEARTBEAT_TIMEOUT is unset. */
  static final Duration WORKFLOW_SHORTEST = Duration.ofSeconds(10);

  private final Duration maxInterval;

  public HeartbeatThrottle(HeartbeatTimeouts timeouts) {
    this.maxInterval = timeouts.timeout().orElse(WORKFLOW_SHORTEST).dividedBy(3);
  }

  @Override
  public WorkerOptions.Builder customize(WorkerOptions.Builder options, String workerName, String taskQueue) {
    return options.setMaxHeartbeatThrottleInterval(maxInterval);
  }
}
