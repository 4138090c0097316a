package io.deploymcp.worker.temporal;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Keeps a running activity's heartbeat going from a thread of its own, for the whole activity:
 * a heartbeat says "this worker is alive", and the heartbeat timeout (DP_HEARTBEAT_TIMEOUT) is
 * how fast a killed worker's activity moves on. Steps that wait without reporting (a cold
 * Kubernetes client on a busy machine, a push through the engine, a removal waiting on
 * watches) must not look like a dead worker, and a retry must not start while this attempt
 * still runs. The activity's own progress heartbeats go on as before: they are how a cancel
 * request reaches it. Nobody reads the details, so the ticker's overwrite nothing that matters.
 */
public final class ActivityHeartbeat {
  /**
   * Well inside the shortest timeout DP_HEARTBEAT_TIMEOUT allows (3 s); the SDK sends at most one
   * heartbeat per 80% of the timeout, so a short period costs nothing.
   */
  public static final Duration EVERY = Duration.ofSeconds(1);

  private ActivityHeartbeat() {}

  /** Runs {@code work} on this thread while another heartbeats {@code status} every {@link #EVERY}. */
  public static <T> T during(String status, Supplier<T> work) {
    ActivityExecutionContext context;
    try {
      context = Activity.getExecutionContext();
    } catch (IllegalStateException notAnActivity) {
      return work.get(); // called directly (tests): nobody to tell
    }
    Thread ticker =
        Thread.ofVirtual()
            .name("heartbeat-" + status)
            .start(
                () -> {
                  try {
                    while (true) {
                      context.heartbeat(status);
                      Thread.sleep(EVERY);
                    }
                  } catch (InterruptedException stopped) {
                    // work is done
                  } catch (RuntimeException e) {
                    // A cancel request or a lost connection to Temporal: the activity's own
                    // heartbeat (or its end) deals with it.
                  }
                });
    try {
      return work.get();
    } finally {
      ticker.interrupt();
    }
  }
}
