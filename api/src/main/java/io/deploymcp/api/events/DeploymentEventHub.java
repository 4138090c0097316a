package io.deploymcp.api.events;

import io.deploymcp.api.config.ApiConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live streams of deployments in this API process: one {@link DeploymentTopic} per
 * deployment that has watchers, woken by {@code ServiceChangeListener} when PostgreSQL notifies
 * {@code dp_deployment_event} (migration V12), so any number of watchers of one deployment cost
 * one read per change. Reads run on {@code DP_EVENTS_READ_THREADS} threads of their own, which
 * bounds the pooled connections streams hold at once; keep-alives on one timer thread.
 */
@Singleton
public class DeploymentEventHub {
  private final DeploymentEventReader reader;
  private final int buffer;
  private final long keepaliveNanos;
  private final ExecutorService reads;
  private final ScheduledExecutorService timer;
  private final Map<UUID, DeploymentTopic> topics = new ConcurrentHashMap<>();
  private final AtomicLong topicsOpened = new AtomicLong();

  public DeploymentEventHub(DeploymentEventReader reader, ApiConfig config) {
    this.reader = reader;
    this.buffer = Math.max(2, config.events().buffer());
    this.keepaliveNanos = config.events().keepalive().toNanos();
    this.reads = Executors.newFixedThreadPool(
        Math.max(1, config.events().readThreads()), Thread.ofPlatform().daemon().name("dp-event-reads-", 0).factory());
    this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("dp-event-timer").factory());
  }

  void onStop(@Observes ShutdownEvent event) {
    reads.shutdownNow();
    timer.shutdownNow();
  }

  /**
   * The stream of one deployment after {@code from}, for one subscriber. Call it on a thread that
   * may block (it reads where the deployment stands when it is the first watcher); {@code onEnd}
   * runs once when the stream completes or is cancelled.
   */
  public Flow.Publisher<StreamEvent> stream(UUID deploymentId, EventCursor from, Runnable onEnd) {
    DeploymentTopic topic = topic(deploymentId);
    return subscriber -> {
      EventSubscription subscription =
          new EventSubscription(deploymentId, from, reader, reads, timer, buffer, keepaliveNanos, subscriber, onEnd);
      DeploymentTopic joined = topic;
      while (!joined.add(subscription)) {
        joined = topic(deploymentId); // it ended or emptied meanwhile
      }
      subscription.start(joined);
    };
  }

  private DeploymentTopic topic(UUID deploymentId) {
    DeploymentTopic topic = topics.computeIfAbsent(deploymentId, id -> {
      topicsOpened.incrementAndGet();
      return new DeploymentTopic(id, reader, reads, timer, buffer, () -> {});
    });
    topic.onClose(() -> topics.remove(deploymentId, topic));
    topic.start();
    return topic;
  }

  /** A notification for this deployment: its topic reads, if this process has one. */
  public void wake(UUID deploymentId) {
    DeploymentTopic topic = topics.get(deploymentId);
    if (topic != null) {
      topic.wake();
    }
  }

  /** After a lost listening connection: notifications may have been missed, every topic reads. */
  public void wakeAll() {
    topics.values().forEach(DeploymentTopic::wake);
  }

  /** Topics (upstream subscriptions) open now. */
  public int topics() {
    return topics.size();
  }

  /** Topics opened since start. */
  public long topicsOpened() {
    return topicsOpened.get();
  }

  /** The watchers of one deployment in this process, and how many are reading by themselves. */
  public record Watchers(int watchers, int behind, long fallbacks, int maxBuffered) {}

  public Optional<Watchers> watchers(UUID deploymentId) {
    DeploymentTopic topic = topics.get(deploymentId);
    if (topic == null) {
      return Optional.empty();
    }
    int behind = 0;
    long fallbacks = 0;
    int maxBuffered = 0;
    var subscribers = topic.subscribers();
    for (EventSubscription s : subscribers) {
      behind += s.behind() ? 1 : 0;
      fallbacks += s.fallbacks();
      maxBuffered = Math.max(maxBuffered, s.buffered());
    }
    return Optional.of(new Watchers(subscribers.size(), behind, fallbacks, maxBuffered));
  }

  /** The reader, whose read count the tests compare with the number of watchers. */
  public DeploymentEventReader reader() {
    return reader;
  }

  /** The bound on what is held for one watcher. */
  public int buffer() {
    return buffer;
  }
}
