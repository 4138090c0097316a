package io.deploymcp.api.logs;

import io.deploymcp.api.logs.loki.LogQl;
import io.deploymcp.api.logs.loki.LokiLine;
import io.deploymcp.api.logs.loki.LokiPager;
import io.deploymcp.kube.naming.ServiceObjectNames;
import io.deploymcp.kube.spec.DeployEnvironment;
import io.deploymcp.kube.spec.ProjectRef;
import io.deploymcp.store.logs.LineMasker;
import io.deploymcp.store.logs.LogFilter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runtime logs from Loki, as Alloy ships pod logs (infra/values/alloy.yml): stream labels
 * {@code namespace} (the project's namespace, {@code dp-<tenant>-<project>}), {@code app} (the
 * workload: the service, or {@code preview-<service>}), {@code pod}, {@code container}. The
 * namespace comes from the caller's tenant, so no tenant can read another's pods. Alloy ships the
 * lines unmasked: they are masked here, and {@code contains} is checked on the masked text (a
 * search for a secret value must not tell whether it occurs), so it is not sent to Loki; the
 * level pattern is ({@code |~}).
 */
public final class LokiRuntimeLogReader {
  /** Without since, how far back a read looks (Loki refuses windows over its max_query_length, 30 days by default). */
  static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
  /**
   * The longest range one read asks Loki for: under its default max_query_length (30d1h) a longer
   * one is a 400 (verified against Loki v3.4.6), while infra keeps logs for 31 days. A longer
   * {@code since} is cut to this, and the answer's notes say so.
   */
  static final Duration MAX_RANGE = Duration.ofDays(30);

  private final LokiPager pager;
  private final Clock clock;

  public LokiRuntimeLogReader(LokiPager pager, Clock clock) {
    this.pager = pager;
    this.clock = clock;
  }

  static String query(ProjectRef project, String workload, LogFilter filter) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("namespace", project.namespace());
    labels.put("app", workload);
    String q = LogQl.selector(labels);
    return filter.level() == null ? q : q + " |~ " + LogQl.quote(filter.level().atLeastPattern());
  }

  public RuntimeLogView read(
      ProjectRef project, String service, DeployEnvironment environment, LogFilter filter, LineMasker masker,
      String cursor, int limit) {
    String workload = ServiceObjectNames.of(service, environment).workload();
    Instant now = clock.instant();
    Instant end = filter.until() != null && filter.until().isBefore(now.plusSeconds(60)) ? filter.until() : now.plusSeconds(60);
    Instant start = filter.since() != null ? filter.since() : now.minus(DEFAULT_WINDOW);
    List<String> notes = new java.util.ArrayList<>();
    if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
      start = end.minus(MAX_RANGE);
      notes.add("Loki is read at most 30 days at once: lines before " + start
          + " were not read; pass until (and since) to read an older stretch.");
    }
    LokiPager.Page<RuntimeLogView.Line> page = pager.page(
        query(project, workload, filter), LokiBuildLogSource.nanos(start), LokiBuildLogSource.nanos(end),
        filter.order(), cursor, limit,
        // A digest, not the text: the key travels in the cursor, and the raw line may hold a secret.
        line -> label(line, "pod") + "/" + label(line, "container") + "/" + digest(line.line()),
        line -> {
          String masked = masker.mask(line.line());
          if (filter.contains() != null && !masked.contains(filter.contains())) {
            return null;
          }
          return new RuntimeLogView.Line(
              label(line, "pod"), label(line, "container"), Instant.ofEpochSecond(0, line.nanos()), masked);
        });
    return new RuntimeLogView(
        service, "runtime", environment.wireName(), false, workload, page.items(), page.nextCursor() != null,
        List.copyOf(notes), now, "loki", page.nextCursor());
  }

  private static String digest(String text) {
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String label(LokiLine line, String name) {
    return line.labels().getOrDefault(name, "");
  }
}
