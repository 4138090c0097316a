package io.deploymcp.api.logs;

import io.deploymcp.store.logs.LogFilter;
import io.deploymcp.store.logs.LogPage;
import io.deploymcp.store.logs.LogQuery;
import io.deploymcp.store.logs.LogScope;
import io.deploymcp.store.logs.LogStore;
import io.deploymcp.store.logs.LogType;

/** Build logs from the PostgreSQL log store the worker writes. */
public final class PostgresBuildLogSource implements BuildLogSource {
  private final LogStore store;

  public PostgresBuildLogSource(LogStore store) {
    this.store = store;
  }

  @Override
  public String backend() {
    return "postgres";
  }

  @Override
  public LogPage read(BuildLogTarget target, LogFilter filter, String cursor, int limit) {
    return store.read(
        target.tenantId(), new LogQuery(LogScope.deployment(target.deploymentId()), LogType.BUILD, filter, cursor, limit));
  }
}
