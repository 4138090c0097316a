package io.deploymcp.api.mcp.session;

import io.deploymcp.api.config.ApiConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Deletes idle MCP sessions and old session events ({@code DP_MCP_SESSION_IDLE_TIMEOUT},
 * {@code DP_MCP_EVENT_RETENTION}) every {@link #EVERY_MILLIS}. Every replica runs it: the deletes
 * are idempotent, so two replicas doing it at once cost a little and break nothing.
 */
@Singleton
public class McpSessionJanitor {
  static final long EVERY_MILLIS = 10 * 60_000;
  private static final Logger LOG = Logger.getLogger(McpSessionJanitor.class);

  private final McpSessionStore store;
  private final ApiConfig config;
  private final Vertx vertx;
  private long timer = -1;

  public McpSessionJanitor(McpSessionStore store, ApiConfig config, Vertx vertx) {
    this.store = store;
    this.config = config;
    this.vertx = vertx;
  }

  void onStart(@Observes StartupEvent event) {
    timer = vertx.setPeriodic(EVERY_MILLIS, id -> vertx.executeBlocking(() -> {
      int ended = store.prune(config.mcp().sessionIdleTimeout(), config.mcp().eventRetention());
      if (ended > 0) {
        LOG.debugf("ended %d idle MCP sessions", ended);
      }
      return null;
    }, false).onFailure(e -> LOG.warnf("could not prune MCP sessions: %s", e.getMessage())));
  }

  void onStop(@Observes ShutdownEvent event) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
