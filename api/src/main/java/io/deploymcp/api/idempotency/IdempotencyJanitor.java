package io.deploymcp.api.idempotency;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Deletes expired Idempotency-Key rows once an hour. Expired rows are already ignored when a
 * key is presented again; this only keeps the table small. Every replica may run it: the
 * delete is idempotent.
 */
@Singleton
public class IdempotencyJanitor {
  private static final Logger LOG = Logger.getLogger(IdempotencyJanitor.class);

  private final IdempotencyStore store;
  private ScheduledExecutorService scheduler;

  public IdempotencyJanitor(IdempotencyStore store) {
    this.store = store;
  }

  void start(@Observes StartupEvent event) {
    scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("idempotency-janitor").factory());
    scheduler.scheduleWithFixedDelay(this::purge, 1, 60, TimeUnit.MINUTES);
  }

  void stop(@Observes ShutdownEvent event) {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  void purge() {
    try {
      int removed = store.purgeExpired();
      if (removed > 0) {
        LOG.debugf("removed %d expired idempotency keys", removed);
      }
    } catch (RuntimeException e) {
      LOG.warnf("could not purge expired idempotency keys: %s", e.getMessage());
    }
  }
}
