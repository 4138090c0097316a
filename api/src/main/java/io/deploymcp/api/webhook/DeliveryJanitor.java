package io.deploymcp.api.webhook;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Forgets handled webhook delivery ids after 30 days, once an hour: git hosts redeliver within
 * days, so older ids only grow the table. Every replica may run it: the delete is idempotent.
 */
@Singleton
public class DeliveryJanitor {
  static final Duration KEEP = Duration.ofDays(30);
  private static final Logger LOG = Logger.getLogger(DeliveryJanitor.class);

  private final WebhookRepository repository;
  private ScheduledExecutorService scheduler;

  public DeliveryJanitor(WebhookRepository repository) {
    this.repository = repository;
  }

  void start(@Observes StartupEvent event) {
    scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("webhook-delivery-janitor").factory());
    scheduler.scheduleWithFixedDelay(this::purge, 5, 60, TimeUnit.MINUTES);
  }

  void stop(@Observes ShutdownEvent event) {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  void purge() {
    try {
      int removed = repository.purgeOlderThan(KEEP);
      if (removed > 0) {
        LOG.debugf("forgot %d webhook delivery ids", removed);
      }
    } catch (RuntimeException e) {
      LOG.warnf("could not purge old webhook deliveries: %s", e.getMessage());
    }
  }
}
