package io.deploymcp.workflows.fakes;

import io.deploymcp.workflows.activities.FailureDetail;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/** What a fake step does for one deployment besides logging the call: nothing, throw, block. */
@FunctionalInterface
public interface Behaviour {
  void run(UUID id);

  static Behaviour succeed() {
    return id -> {};
  }

  /** A retryable failure of our shape: only the workflow's retry policy can stop retries. */
  static Behaviour failWith(String code, String message, String hint) {
    return id -> {
      throw ApplicationFailure.newFailure(message, code, new FailureDetail(hint, "last line"));
    };
  }

  /** Runs {@code first} on the first call only, then succeeds. */
  static Behaviour once(Behaviour first) {
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    return id -> {
      if (done.compareAndSet(false, true)) {
        first.run(id);
      }
    };
  }

  static Behaviour crash(String message) {
    return id -> {
      throw new IllegalStateException(message);
    };
  }

  /**
   * Heartbeats until Temporal cancels the activity (the heartbeat then throws), counting
   * {@code started} down once running. Gives up after 30 s so a broken test cannot hang.
   */
  static Behaviour blockUntilCancelled(CountDownLatch started) {
    return id -> {
      started.countDown();
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      while (Instant.now().isBefore(deadline)) {
        Activity.getExecutionContext().heartbeat(null);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      throw new IllegalStateException("never cancelled");
    };
  }
}
