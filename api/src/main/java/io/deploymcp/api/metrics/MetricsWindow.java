package io.deploymcp.api.metrics;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.FieldError;
import io.deploymcp.api.problem.ProblemCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The window a metrics answer covers: one of a short list, so every query is one Prometheus can
 * answer from its default retention and the PromQL range is never built from free text.
 */
public enum MetricsWindow {
  M5("5m", Duration.ofMinutes(5)),
  M15("15m", Duration.ofMinutes(15)),
  M30("30m", Duration.ofMinutes(30)),
  H1("1h", Duration.ofHours(1)),
  H3("3h", Duration.ofHours(3)),
  H6("6h", Duration.ofHours(6)),
  H12("12h", Duration.ofHours(12)),
  H24("24h", Duration.ofHours(24));

  public static final MetricsWindow DEFAULT = M15;

  private final String wireName;
  private final Duration duration;

  MetricsWindow(String wireName, Duration duration) {
    this.wireName = wireName;
    this.duration = duration;
  }

  /** The PromQL range, e.g. {@code 5m}: the wire names are valid PromQL durations. */
  public String wireName() {
    return wireName;
  }

  public Duration duration() {
    return duration;
  }

  /** The window named {@code raw}; null or empty is the default; anything else 400 INVALID_WINDOW. */
  public static MetricsWindow parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      return DEFAULT;
    }
    for (MetricsWindow window : values()) {
      if (window.wireName.equals(raw)) {
        return window;
      }
    }
    String shown = raw.length() > 20 ? raw.substring(0, 20) + "…" : raw;
    String detail = "window '" + shown.replaceAll("\\p{Cntrl}", "?") + "' is not one of the windows metrics cover";
    String hint = ProblemCode.INVALID_WINDOW.defaultHint();
    return throwInvalid(detail, hint);
  }

  private static MetricsWindow throwInvalid(String detail, String hint) {
    throw new ApiProblem(
        ProblemCode.INVALID_WINDOW, detail, hint,
        List.of(new FieldError("window", ProblemCode.INVALID_WINDOW.name(), detail, hint)), Map.of());
  }
}
