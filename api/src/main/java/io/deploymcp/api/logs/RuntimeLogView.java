package io.deploymcp.api.logs;

import java.time.Instant;
import java.util.List;

/**
 * Answer of GET /v1/services/{name}/logs?type=runtime: the last lines the service's containers
 * wrote in one environment, from the cluster's pod log API, newest first (the newest pod first,
 * each pod's newest line first), secret env values masked.
 *
 * @param previous lines of the previous (terminated) container instances, e.g. the one that
 *     crashed
 * @param workload the Deployment whose pods were read
 * @param truncated whether older lines were left out (limit, byte bound or pods beyond the
 *     newest five)
 * @param notes why a pod gave no lines (no previous instance, still waiting to start)
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
    Instant observedAt) implements LogsView {

  /** One line with the pod and container that wrote it. */
  public record Line(String pod, String container, String line) {}
}
