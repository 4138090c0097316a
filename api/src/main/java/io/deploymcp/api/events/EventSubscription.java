package io.deploymcp.api.events;

import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One watcher of one deployment, as a Reactive Streams subscription: it sends what its buffer
 * holds as fast as the client takes it (the HTTP layer requests the next event when the last one
 * is written), and nothing more is ever held for it than {@code buffer} items. It starts behind —
 * reading from the database after its cursor ({@code Last-Event-ID}) — and joins its topic's live
 * fan-out once it has caught up; when the topic offers more than its buffer takes (a slow
 * reader), it drops back to reading from the database by its own cursor, so it misses nothing,
 * costs no memory beyond its bound, and never slows the topic or the other watchers. An idle
 * stream gets a keep-alive comment every {@code keepalive}; the stream completes after the
 * deployment's result.
 */
final class EventSubscription implements Flow.Subscription {
  private static final Logger LOG = Logger.getLogger(EventSubscription.class);
  private static final long RETRY_MILLIS = 1_000;

  private final UUID deploymentId;
  private final DeploymentEventReader reader;
  private final Executor reads;
  private final ScheduledExecutorService timer;
  private final int buffer;
  private final long keepaliveNanos;
  private final Flow.Subscriber<? super StreamEvent> downstream;
  private final Runnable onEnd;
  private final ArrayDeque<StreamEvent> queue = new ArrayDeque<>();
  private final AtomicInteger wip = new AtomicInteger();
  private final AtomicBoolean ended = new AtomicBoolean();
  private DeploymentTopic topic;
  private ScheduledFuture<?> keepalive;
  // Guarded by this.
  private EventCursor cursor;
  private boolean live;
  private boolean fetching;
  private boolean resultQueued;
  private boolean done;
  private long demand;
  private long lastSent = System.nanoTime();
  private long fallbacks;

  EventSubscription(
      UUID deploymentId, EventCursor from, DeploymentEventReader reader, Executor reads,
      ScheduledExecutorService timer, int buffer, long keepaliveNanos,
      Flow.Subscriber<? super StreamEvent> downstream, Runnable onEnd) {
    this.deploymentId = deploymentId;
    this.cursor = from;
    this.reader = reader;
    this.reads = reads;
    this.timer = timer;
    this.buffer = buffer;
    this.keepaliveNanos = keepaliveNanos;
    this.downstream = downstream;
    this.onEnd = onEnd;
    // A comment at once, so the client has the response headers before the first event.
    queue.add(new StreamEvent(StreamItem.OPEN, null));
  }

  void start(DeploymentTopic topic) {
    this.topic = topic;
    keepalive = timer.scheduleAtFixedRate(this::tick, keepaliveNanos, keepaliveNanos, TimeUnit.NANOSECONDS);
    downstream.onSubscribe(this);
  }

  @Override
  public void request(long n) {
    if (n <= 0) {
      cancel();
      downstream.onError(new IllegalArgumentException("request must be positive (Reactive Streams §3.9)"));
      return;
    }
    synchronized (this) {
      demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
    }
    drain();
  }

  @Override
  public void cancel() {
    synchronized (this) {
      done = true;
      queue.clear();
    }
    end();
  }

  /** True while this watcher reads from the database by itself (behind or overflowed). */
  synchronized boolean behind() {
    return !live;
  }

  /** How often it fell behind the live fan-out because its buffer was full. */
  synchronized long fallbacks() {
    return fallbacks;
  }

  synchronized int buffered() {
    return queue.size();
  }

  /**
   * The topic's batch, read after {@code from}: taken (what this watcher has not seen) if it is
   * live and the batch starts where it stands; on a full buffer it falls back to reading by
   * itself. Called under the topic's lock; true when there is something to deliver.
   */
  synchronized boolean offer(EventCursor from, List<StreamItem> items) {
    if (!live || done || resultQueued) {
      return false;
    }
    if (!cursor.atOrPast(from)) {
      live = false; // cannot happen while live; reading by itself is always safe
      return true;
    }
    for (StreamItem item : items) {
      if (cursor.covers(item)) {
        continue;
      }
      if (queue.size() >= buffer) {
        live = false;
        fallbacks++;
        break;
      }
      enqueue(item);
    }
    return true;
  }

  /** Under the topic's lock: joins the fan-out if it has all the topic has offered. */
  synchronized boolean joinIfAtOrPast(EventCursor head) {
    if (!done && !resultQueued && cursor.atOrPast(head)) {
      live = true;
    }
    return live;
  }

  private void enqueue(StreamItem item) {
    cursor = cursor.after(item);
    queue.add(new StreamEvent(item, cursor.id()));
    if (item.terminal()) {
      resultQueued = true;
    }
  }

  private void tick() {
    synchronized (this) {
      if (done || !queue.isEmpty() || System.nanoTime() - lastSent < keepaliveNanos / 2) {
        return;
      }
      queue.add(new StreamEvent(StreamItem.KEEPALIVE, null));
    }
    drain();
  }

  /** Sends what the buffer holds while there is demand; reads on from the database when behind. */
  void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      while (true) {
        StreamEvent next;
        boolean fetch = false;
        boolean last = false;
        synchronized (this) {
          if (done) {
            break;
          }
          if (demand == 0 || queue.isEmpty()) {
            fetch = queue.isEmpty() && demand > 0 && !live && !fetching && !resultQueued;
            fetching |= fetch;
            next = null;
          } else {
            next = queue.poll();
            demand--;
            lastSent = System.nanoTime();
            last = next.item().terminal();
            done = last;
          }
        }
        if (next == null) {
          if (fetch) {
            reads.execute(this::catchUp);
          }
          break;
        }
        downstream.onNext(next);
        if (last) {
          downstream.onComplete();
          end();
          break;
        }
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  /** Reads the next page after this watcher's own cursor; joins the topic once caught up. */
  private void catchUp() {
    EventCursor from;
    synchronized (this) {
      if (done) {
        return;
      }
      from = cursor;
    }
    try {
      // Half the buffer of each source, so a page never holds more than the buffer.
      EventBatch batch = reader.read(deploymentId, from, Math.max(1, buffer / 2));
      synchronized (this) {
        for (StreamItem item : batch.items()) {
          if (!cursor.covers(item)) {
            enqueue(item);
          }
        }
      }
      if (batch.complete() && !resultQueued()) {
        topic.tryJoin(this);
      }
      synchronized (this) {
        fetching = false;
      }
      drain();
    } catch (RuntimeException e) {
      LOG.warnf("reading the events of deployment %s failed (%s); retrying", deploymentId, e.getMessage());
      timer.schedule(
          () -> {
            synchronized (this) {
              fetching = false;
            }
            drain();
          },
          RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private synchronized boolean resultQueued() {
    return resultQueued;
  }

  private void end() {
    if (ended.compareAndSet(false, true)) {
      if (keepalive != null) {
        keepalive.cancel(false);
      }
      if (topic != null) {
        topic.remove(this);
      }
      onEnd.run();
    }
  }
}
