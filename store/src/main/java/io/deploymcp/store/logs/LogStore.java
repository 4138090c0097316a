package io.deploymcp.store.logs;

import java.util.List;
import java.util.UUID;

/**
 * Where deployment logs live. The build log is kept per deployment in PostgreSQL
 * ({@link PostgresLogStore}); a later issue puts Loki and live streaming behind the same
 * interface.
 *
 * <p>Secrets: the store writes lines as given. Callers mask every secret value before
 * {@link #append} (the worker uses {@link LineMasker} with the service's decrypted env and
 * tokens), so no secret ever reaches the store or a reader.
 */
public interface LogStore {

  /**
   * Appends lines, in order, to the log of a deployment of {@code tenantId}. Throws
   * {@link IllegalArgumentException} when the deployment is not the tenant's.
   */
  void append(UUID tenantId, UUID deploymentId, LogType type, List<LogLine> lines);

  /**
   * One page of the tenant's lines that pass the query's filter, in its order. A scope outside the tenant reads as empty;
   * a foreign or malformed cursor throws {@link InvalidLogCursorException}.
   */
  LogPage read(UUID tenantId, LogQuery query);
}
