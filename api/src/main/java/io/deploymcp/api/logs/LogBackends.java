package io.deploymcp.api.logs;

import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.logs.loki.LokiClient;
import io.deploymcp.api.logs.loki.LokiPager;
import io.deploymcp.store.logs.LogStore;
import io.deploymcp.store.logs.PostgresLogStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Which backend each log type is read from: with LOKI_URL, Loki for both; without, the PostgreSQL
 * log store for build logs and the cluster's pod log API for runtime logs. Chosen once at start.
 */
@Singleton
public class LogBackends {
  private final LogStore store;
  private final BuildLogSource build;
  private final Optional<LokiRuntimeLogReader> runtime;

  public LogBackends(DataSource dataSource, ApiConfig config) {
    // The API never appends, so these bounds limit nothing: the worker's settings bound what is stored.
    this.store = new PostgresLogStore(
        dataSource, PostgresLogStore.DEFAULT_MAX_LINES_PER_DEPLOYMENT, PostgresLogStore.DEFAULT_MAX_LINE_LENGTH);
    Optional<String> url = config.components().lokiUrl().filter(u -> !u.isBlank());
    if (url.isPresent()) {
      LokiPager pager = new LokiPager(new LokiClient(url.get(), config.components().lokiTimeout()));
      this.build = new LokiBuildLogSource(pager, Clock.systemUTC());
      this.runtime = Optional.of(new LokiRuntimeLogReader(pager, Clock.systemUTC()));
    } else {
      this.build = new PostgresBuildLogSource(store);
      this.runtime = Optional.empty();
    }
  }

  /** The PostgreSQL log store (what the worker writes, whichever backend reads). */
  @Produces
  @Singleton
  LogStore logStore() {
    return store;
  }

  public BuildLogSource build() {
    return build;
  }

  /** Loki's runtime reader, or empty for the pod log API. */
  public Optional<LokiRuntimeLogReader> runtime() {
    return runtime;
  }

  /** {@code postgres} or {@code loki}. */
  public String buildBackend() {
    return build.backend();
  }

  /** {@code kubernetes} or {@code loki}. */
  public String runtimeBackend() {
    return runtime.isPresent() ? "loki" : "kubernetes";
  }
}
