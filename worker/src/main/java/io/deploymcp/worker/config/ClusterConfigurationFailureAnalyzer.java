package io.deploymcp.worker.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns bad cluster settings into Spring Boot's "APPLICATION FAILED TO START" report: one line
 * per variable and what to do, instead of a bean-creation stack trace.
 */
public class ClusterConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<ClusterConfiguration.InvalidException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ClusterConfiguration.InvalidException cause) {
    return new FailureAnalysis(
        "The worker's cluster settings are invalid:\n  - " + String.join("\n  - ", cause.problems()),
        "Fix the environment variables named above (docs/kubernetes.md §7 lists each with its"
            + " default) and start the worker again.",
        cause);
  }
}
