package io.deploymcp.api.logs;

import io.deploymcp.api.logs.loki.LogQl;
import io.deploymcp.api.logs.loki.LokiLine;
import io.deploymcp.api.logs.loki.LokiPager;
import io.deploymcp.store.logs.LogEntry;
import io.deploymcp.store.logs.LogFilter;
import io.deploymcp.store.logs.LogPage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Build logs from Loki, as the worker ships them: stream {@code {job="build", tenant, project,
 * service}}, structured metadata {@code deployment_id}, {@code seq} and {@code stream}. The query
 * is {@code {job="build",tenant="…",project="…",service="…"} | deployment_id="…"} plus
 * {@code |= "<contains>"} and {@code |~ "<level pattern>"}; the lines were masked by the worker
 * before they left it, so filtering in Loki reveals nothing the reader could not see.
 */
public final class LokiBuildLogSource implements BuildLogSource {
  /** The window around a deployment its lines can lie in (clock skew between worker and API). */
  static final Duration SLACK = Duration.ofMinutes(5);

  private final LokiPager pager;
  private final Clock clock;

  public LokiBuildLogSource(LokiPager pager, Clock clock) {
    this.pager = pager;
    this.clock = clock;
  }

  @Override
  public String backend() {
    return "loki";
  }

  /** The LogQL of a read; the tenant matcher comes from the caller's tenant, never from input. */
  static String query(BuildLogTarget target, LogFilter filter) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("job", "build");
    labels.put("tenant", target.tenantName());
    labels.put("project", target.project());
    labels.put("service", target.service());
    StringBuilder q = new StringBuilder(LogQl.selector(labels))
        .append(" | deployment_id=").append(LogQl.quote(target.deploymentId().toString()));
    if (filter.contains() != null) {
      q.append(" |= ").append(LogQl.quote(filter.contains()));
    }
    if (filter.level() != null) {
      q.append(" |~ ").append(LogQl.quote(filter.level().atLeastPattern()));
    }
    return q.toString();
  }

  @Override
  public LogPage read(BuildLogTarget target, LogFilter filter, String cursor, int limit) {
    Instant start = target.createdAt().minus(SLACK);
    Instant end = (target.finishedAt() == null ? clock.instant() : target.finishedAt()).plus(SLACK);
    if (filter.since() != null && filter.since().isAfter(start)) {
      start = filter.since();
    }
    if (filter.until() != null && filter.until().isBefore(end)) {
      end = filter.until();
    }
    LokiPager.Page<LogEntry> page = pager.page(
        query(target, filter), nanos(start), nanos(end), filter.order(), cursor, limit,
        line -> String.format("%019d", seq(line)),
        line -> new LogEntry(
            target.deploymentId(), seq(line), Instant.ofEpochSecond(0, line.nanos()),
            line.labels().getOrDefault("stream", "stdout"), line.line()));
    return new LogPage(page.items(), page.nextCursor());
  }

  private static long seq(LokiLine line) {
    try {
      return Long.parseLong(line.labels().getOrDefault("seq", "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static long nanos(Instant at) {
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }
}
