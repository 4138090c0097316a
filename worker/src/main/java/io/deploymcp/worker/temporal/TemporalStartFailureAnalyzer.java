package io.deploymcp.worker.temporal;

import io.deploymcp.temporal.InvalidTemporalSettingsException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Spring Boot's "APPLICATION FAILED TO START" report for Temporal: one line per bad TEMPORAL_*
 * variable, or the one reason the server gave, instead of a bean-creation or gRPC stack trace.
 */
public class TemporalStartFailureAnalyzer implements FailureAnalyzer {
  @Override
  public FailureAnalysis analyze(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidTemporalSettingsException e) {
        return new FailureAnalysis(
            "The worker's Temporal settings are invalid:\n  - " + String.join("\n  - ", e.problems()),
            "Fix the environment variables named above (docs/temporal.md) and start the worker again.",
            e);
      }
      if (t instanceof TemporalStartException e) {
        return new FailureAnalysis(
            "The worker cannot use Temporal: " + e.getMessage(),
            "Fix the cause named above (docs/temporal.md) and start the worker again.",
            e);
      }
    }
    return null;
  }
}
