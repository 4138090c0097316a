package io.deploymcp.api.logs;

import java.time.Instant;
import java.util.List;

/**
 * Answer of GET /v1/services/{name}/logs?type=runtime: lines the service's containers wrote in
 * one environment, secret env values masked, newest first unless order=oldest. From the pod log
 * API (no LOKI_URL: the newest pod first, each pod's newest line first, no cursor) or from Loki
 * (every pod of the workload within retention, replaced and crashed ones included, by time, paged
 * with {@code nextCursor}).
 *
 * @param previous lines of the previous (terminated) container instances, e.g. the one that
 *     crashed (pod log API only)
 * @param workload the Deployment whose pods were read
 * @param truncated whether older lines were left out (limit, byte bound or pods beyond the
 *     newest five); from Loki: whether there is a next page
 * @param notes why a pod gave no lines (no previous instance, still waiting to start)
 * @param source {@code kubernetes} or {@code loki}
 * @param nextCursor from Loki, the next page; null on the last page and from the pod log API
 */
public record RuntimeLogView(
    String service,
    String type,
    String environment,
    boolean previous,
    String workload,
    List<Line> items,
    boolean truncated,
    List<String> notes,
    Instant observedAt,
    String source,
    String nextCursor) implements LogsView {

  /** One line with the pod and container that wrote it, and its time when the source knows it (Loki). */
  public record Line(String pod, String container, Instant at, String line) {}
}
