package io.deploymcp.api.logs;

import io.deploymcp.store.logs.LogStore;
import io.deploymcp.store.logs.PostgresLogStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/**
 * The log store the API reads from. The API never appends, so the bounds here do not limit
 * anything: the worker's settings bound what is stored.
 */
@Singleton
public final class LogStoreProducer {

  @Produces
  @Singleton
  LogStore logStore(DataSource dataSource) {
    return new PostgresLogStore(
        dataSource, PostgresLogStore.DEFAULT_MAX_LINES_PER_DEPLOYMENT, PostgresLogStore.DEFAULT_MAX_LINE_LENGTH);
  }
}
