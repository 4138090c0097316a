package io.deploymcp.kube.spec;

import java.util.Locale;

/** What a service runs as, and so which objects it gets. */
public enum ServiceKind {
  /** A Deployment behind a Service and an Ingress at the service's URL. */
  WEB,
  /** A Deployment only: nothing routes to it. */
  WORKER,
  /** A CronJob on the service's schedule. */
  CRON;

  /** {@code web}, {@code worker} or {@code cron}, as in the API and the database. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind stored as {@code web}, {@code worker} or {@code cron}. */
  public static ServiceKind fromWireName(String raw) {
    for (ServiceKind kind : values()) {
      if (kind.wireName().equals(raw)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("kind '" + raw + "' is not web, worker or cron");
  }
}
