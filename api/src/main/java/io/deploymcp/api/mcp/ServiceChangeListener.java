package io.deploymcp.api.mcp;

import io.deploymcp.api.events.DeploymentEventHub;
import io.deploymcp.api.mcp.session.McpEventStreams;
import io.deploymcp.api.service.ServiceRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Feeds {@link ServiceResourceRegistry} from PostgreSQL: migration V5's triggers notify
 * {@code dp_service_changed} with a service id on every change get_service would show, from
 * whichever process wrote it (the worker records deployment progress from its own). One
 * connection per API process LISTENs, its own rather than the pool's (it is held for the life of
 * the process, and a broken one must not go back to the pool); {@code getNotifications} blocks
 * until something arrives (at most {@link #WAIT_MILLIS}, then a cheap validity check that also
 * notices a silently dead connection, and shutdown), so nothing polls the tables. After a lost
 * connection the registry is synced again and every subscriber told to read again, since
 * notifications sent meanwhile are lost.
 *
 * <p>The same connection LISTENs on {@code dp_mcp_session_event} (migration V6: a session's GET
 * stream has a new event, payload the session id) and wakes the stream if it is open on this
 * replica ({@link McpEventStreams}); after a reconnect every open stream catches up from the
 * table, so those events are not lost.
 *
 * <p>And on {@code dp_deployment_event} (migration V12: a deployment has a new event or build log
 * line, payload the deployment id), which wakes that deployment's topic in {@link
 * DeploymentEventHub} if this process streams it; after a reconnect every topic reads again.
 */
@Singleton
public class ServiceChangeListener {
  static final String CHANNEL = "dp_service_changed";
  static final String SESSION_EVENTS = "dp_mcp_session_event";
  static final String DEPLOYMENT_EVENTS = "dp_deployment_event";
  /** The listening connection's application_name in pg_stat_activity. */
  public static final String APPLICATION_NAME = "deploy-mcp-api-listener";
  private static final Logger LOG = Logger.getLogger(ServiceChangeListener.class);
  private static final int WAIT_MILLIS = 10_000;
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  private final String url;
  private final Optional<String> user;
  private final Optional<String> password;
  private final ServiceRepository services;
  private final ServiceResourceRegistry registry;
  private final McpEventStreams streams;
  private final DeploymentEventHub deploymentEvents;
  private volatile boolean running;
  private volatile Connection current;
  private Thread thread;

  public ServiceChangeListener(
      @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
      @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
      ServiceRepository services,
      ServiceResourceRegistry registry,
      McpEventStreams streams,
      DeploymentEventHub deploymentEvents) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.services = services;
    this.registry = registry;
    this.streams = streams;
    this.deploymentEvents = deploymentEvents;
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
    Connection c = current;
    if (c != null) {
      try {
        c.close(); // unblocks the wait for notifications
      } catch (SQLException e) {
        LOG.debugf("closing the listening connection: %s", e.getMessage());
      }
    }
  }

  private void run() {
    long backoff = 500;
    boolean missedSome = false;
    while (running) {
      try (Connection c = connect()) {
        current = c;
        try (Statement st = c.createStatement()) {
          st.execute("listen " + CHANNEL);
          st.execute("listen " + SESSION_EVENTS);
          st.execute("listen " + DEPLOYMENT_EVENTS);
        }
        registry.sync(services.liveIdentities(), missedSome);
        if (missedSome) {
          streams.wakeAll();
          deploymentEvents.wakeAll();
        }
        LOG.debugf("listening on %s; %d services registered as MCP resources", CHANNEL, registry.size());
        backoff = 500;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] batch = pg.getNotifications(WAIT_MILLIS);
          if (batch != null && batch.length > 0) {
            apply(batch);
          } else if (running && !c.isValid(5)) {
            throw new SQLException("the listening connection is no longer valid");
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

  private Connection connect() throws SQLException {
    Properties props = new Properties();
    user.ifPresent(u -> props.setProperty("user", u));
    password.filter(p -> !p.isEmpty()).ifPresent(p -> props.setProperty("password", p));
    props.setProperty("ApplicationName", APPLICATION_NAME);
    props.setProperty("connectTimeout", "5");
    props.setProperty("tcpKeepAlive", "true");
    Connection c = new Driver().connect(url, props);
    if (c == null) {
      throw new SQLException("not a PostgreSQL JDBC URL");
    }
    return c;
  }

  private void apply(PGNotification[] batch) {
    Set<UUID> ids = new LinkedHashSet<>();
    Set<String> sessions = new LinkedHashSet<>();
    Set<String> deployments = new LinkedHashSet<>();
    for (PGNotification n : batch) {
      if (SESSION_EVENTS.equals(n.getName())) {
        sessions.add(n.getParameter());
        continue;
      }
      if (DEPLOYMENT_EVENTS.equals(n.getName())) {
        deployments.add(n.getParameter());
        continue;
      }
      try {
        ids.add(UUID.fromString(n.getParameter()));
      } catch (IllegalArgumentException e) {
        LOG.warnf("ignoring %s payload that is not a service id", CHANNEL);
      }
    }
    sessions.forEach(streams::wake);
    for (String deployment : deployments) {
      try {
        deploymentEvents.wake(UUID.fromString(deployment));
      } catch (IllegalArgumentException e) {
        LOG.warnf("ignoring %s payload that is not a deployment id", DEPLOYMENT_EVENTS);
      }
    }
    for (UUID id : ids) {
      registry.changed(id, services.identity(id));
    }
  }
}
