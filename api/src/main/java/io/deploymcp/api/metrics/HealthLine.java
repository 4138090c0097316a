package io.deploymcp.api.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** get_service's one-line summary of a metrics answer, e.g. for a model to read at a glance. */
final class HealthLine {
  private HealthLine() {}

  static String of(ServiceMetricsView view) {
    List<String> parts = new ArrayList<>();
    var cpu = view.cpu();
    if (cpu.usageCores() != null) {
      parts.add("cpu " + MetricsOperations.format(cpu.usageCores())
          + (cpu.limitCores() == null ? "" : "/" + MetricsOperations.format(cpu.limitCores())) + " cores");
    }
    var memory = view.memory();
    if (memory.workingSetBytes() != null) {
      parts.add("memory " + mib(memory.workingSetBytes())
          + (memory.limitBytes() == null ? "" : "/" + mib(memory.limitBytes())));
    }
    if (view.restarts() != null) {
      parts.add(view.restarts() + " restarts");
    }
    var http = view.http();
    if (http.requestsPerSecond() != null) {
      parts.add(MetricsOperations.format(http.requestsPerSecond()) + " req/s");
      if (http.errorRatio() != null) {
        parts.add(String.format(Locale.ROOT, "%.1f%% 5xx", http.errorRatio() * 100));
      }
      if (http.latencySeconds().p95() != null) {
        parts.add(String.format(Locale.ROOT, "p95 %.0f ms", http.latencySeconds().p95() * 1000));
      }
    }
    if (parts.isEmpty()) {
      return view.environment() + " over " + view.window() + ": no metrics (nothing running or scraped)";
    }
    return view.environment() + " over " + view.window() + ": " + String.join(", ", parts);
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.0fMi", bytes / (1024.0 * 1024.0));
  }
}
