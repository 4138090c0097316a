package io.deploymcp.api.events;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a deployment's stream on a thread that may block (an MCP tool call waiting with
 * {@code wait_seconds}): at most {@link #WINDOW} events are requested ahead, so a waiter holds no
 * more than that; comments (keep-alives) are skipped. Close it when done.
 */
public final class EventFollower implements Flow.Subscriber<StreamEvent>, AutoCloseable {
  static final int WINDOW = 32;
  private static final StreamEvent ENDED = new StreamEvent(StreamItem.KEEPALIVE, "ended");

  private final BlockingQueue<StreamEvent> queue = new LinkedBlockingQueue<>();
  private volatile Flow.Subscription subscription;
  private int taken;
  private boolean ended;

  public EventFollower(Flow.Publisher<StreamEvent> events) {
    events.subscribe(this);
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(WINDOW);
  }

  @Override
  public void onNext(StreamEvent event) {
    queue.add(event);
  }

  @Override
  public void onError(Throwable throwable) {
    queue.add(ENDED);
  }

  @Override
  public void onComplete() {
    queue.add(ENDED);
  }

  /** The next event within {@code timeout}; null when none came (or the stream has ended). */
  public StreamItem next(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ended) {
      StreamEvent event = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (event == null) {
        return null;
      }
      if (event == ENDED) {
        ended = true;
        return null;
      }
      if (++taken == WINDOW / 2) {
        taken = 0;
        subscription.request(WINDOW / 2);
      }
      if (!event.item().comment()) {
        return event.item();
      }
    }
    return null;
  }

  /** True once the stream has ended (after the result). */
  public boolean ended() {
    return ended;
  }

  @Override
  public void close() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }
}
