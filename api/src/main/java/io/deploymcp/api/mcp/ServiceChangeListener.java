package io.deploymcp.api.mcp;

import io.deploymcp.api.service.ServiceRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Feeds {@link ServiceResourceRegistry} from PostgreSQL: migration V5's triggers notify
 * {@code dp_service_changed} with a service id on every change get_service would show, from
 * whichever process wrote it (the worker records deployment progress from its own). One
 * connection per API process LISTENs; {@code getNotifications} blocks until something arrives
 * (at most {@link #WAIT_MILLIS}, to notice shutdown), so nothing polls. After a lost connection
 * the registry is synced again and every subscriber told to read again, since notifications sent
 * meanwhile are lost.
 */
@Singleton
public class ServiceChangeListener {
  static final String CHANNEL = "dp_service_changed";
  private static final Logger LOG = Logger.getLogger(ServiceChangeListener.class);
  private static final int WAIT_MILLIS = 5_000;
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  private final DataSource dataSource;
  private final ServiceRepository services;
  private final ServiceResourceRegistry registry;
  private volatile boolean running;
  private Thread thread;

  public ServiceChangeListener(DataSource dataSource, ServiceRepository services, ServiceResourceRegistry registry) {
    this.dataSource = dataSource;
    this.services = services;
    this.registry = registry;
  }

  void onStart(@Observes StartupEvent event) {
    running = true;
    thread = Thread.ofPlatform().daemon().name("dp-service-changes").start(this::run);
  }

  void onStop(@Observes ShutdownEvent event) {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void run() {
    long backoff = 500;
    boolean missedSome = false;
    while (running) {
      try (Connection c = dataSource.getConnection()) {
        try (Statement st = c.createStatement()) {
          st.execute("listen " + CHANNEL);
        }
        registry.sync(services.liveIdentities(), missedSome);
        LOG.debugf("listening on %s; %d services registered as MCP resources", CHANNEL, registry.size());
        backoff = 500;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] batch = pg.getNotifications(WAIT_MILLIS);
          if (batch != null && batch.length > 0) {
            apply(batch);
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        missedSome = true;
        LOG.warnf("service change notifications interrupted (%s); reconnecting in %d ms", e.getMessage(), backoff);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException stop) {
          return;
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      }
    }
  }

  private void apply(PGNotification[] batch) {
    Set<UUID> ids = new LinkedHashSet<>();
    for (PGNotification n : batch) {
      try {
        ids.add(UUID.fromString(n.getParameter()));
      } catch (IllegalArgumentException e) {
        LOG.warnf("ignoring %s payload that is not a service id", CHANNEL);
      }
    }
    for (UUID id : ids) {
      registry.changed(id, services.identity(id));
    }
  }
}
