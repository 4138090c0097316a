package io.deploymcp.api.events;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The one upstream subscription of this API process to one deployment: woken by the listener
 * (a notification on {@code dp_deployment_event}), it reads what was committed after its head
 * once, and offers the batch to every watcher that is live. A watcher that cannot take it (its
 * buffer is full, or it is still catching up) reads from the database by its own cursor instead,
 * so the topic never waits for anyone. It ends when it has read the deployment's result, or when
 * its last watcher leaves.
 */
final class DeploymentTopic {
  private static final Logger LOG = Logger.getLogger(DeploymentTopic.class);
  private static final long RETRY_MILLIS = 1_000;

  final UUID deploymentId;
  private final DeploymentEventReader reader;
  private final Executor reads;
  private final ScheduledExecutorService timer;
  private final int pageSize;
  private volatile Runnable onClose;
  private final Set<EventSubscription> subscribers = new LinkedHashSet<>();
  private EventCursor head;
  private boolean reading;
  private boolean pending;
  private boolean closed;

  DeploymentTopic(
      UUID deploymentId, DeploymentEventReader reader, Executor reads, ScheduledExecutorService timer,
      int pageSize, Runnable onClose) {
    this.deploymentId = deploymentId;
    this.reader = reader;
    this.reads = reads;
    this.timer = timer;
    this.pageSize = pageSize;
    this.onClose = onClose;
  }

  /** What runs once when the topic closes (the hub forgets it). */
  void onClose(Runnable onClose) {
    this.onClose = onClose;
  }

  /** Reads where the deployment stands now, once; called before the first watcher joins. */
  void start() {
    boolean woken;
    synchronized (this) {
      if (head != null) {
        return;
      }
      head = reader.head(deploymentId);
      woken = pending;
    }
    if (woken) {
      wake(); // a notification came while the head was read
    }
  }

  /** Adds a watcher (it starts by catching up); false when the topic has closed meanwhile. */
  synchronized boolean add(EventSubscription subscription) {
    if (closed) {
      return false;
    }
    subscribers.add(subscription);
    return true;
  }

  void remove(EventSubscription subscription) {
    boolean last;
    synchronized (this) {
      last = subscribers.remove(subscription) && subscribers.isEmpty() && !closed;
      if (last) {
        closed = true;
      }
    }
    if (last) {
      onClose.run();
    }
  }

  synchronized int size() {
    return subscribers.size();
  }

  /**
   * A watcher that caught up to the database joins the live fan-out if it has everything the
   * topic has offered so far; else it reads on by itself.
   */
  synchronized boolean tryJoin(EventSubscription subscription) {
    return !closed && head != null && subscription.joinIfAtOrPast(head);
  }

  /** Something was committed for this deployment: read it (once, however many wake-ups). */
  void wake() {
    synchronized (this) {
      if (closed) {
        return;
      }
      pending = true;
      if (reading || head == null) {
        return;
      }
      reading = true;
    }
    reads.execute(this::readLoop);
  }

  private void readLoop() {
    while (true) {
      EventCursor from;
      synchronized (this) {
        if (!pending || closed) {
          reading = false;
          return;
        }
        pending = false;
        from = head;
      }
      try {
        boolean complete;
        do {
          EventBatch batch = reader.read(deploymentId, from, pageSize);
          boolean ended = false;
          List<EventSubscription> offered = new ArrayList<>();
          synchronized (this) {
            for (StreamItem item : batch.items()) {
              head = head.after(item);
              ended |= item.terminal();
            }
            for (EventSubscription s : subscribers) {
              if (s.offer(from, batch.items())) {
                offered.add(s);
              }
            }
            from = head;
            if (ended) {
              closed = true;
              reading = false;
            }
          }
          // Delivered outside the topic's lock: a watcher's writes never hold up the others.
          offered.forEach(EventSubscription::drain);
          if (ended) {
            onClose.run();
            return;
          }
          complete = batch.complete();
        } while (!complete);
      } catch (RuntimeException e) {
        LOG.warnf("reading the events of deployment %s failed (%s); retrying", deploymentId, e.getMessage());
        synchronized (this) {
          reading = false;
        }
        timer.schedule(this::wake, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        return;
      }
    }
  }

  synchronized List<EventSubscription> subscribers() {
    return List.copyOf(subscribers);
  }
}
