package io.deploymcp.worker.temporal;

import io.temporal.spring.boot.WorkerOptionsCustomizer;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

/**
 * DP_WORKFLOW_STICKY_TIMEOUT: how long a workflow's next task waits on the queue of the worker
 * that cached it before Temporal offers it to every worker (the SDK's default, 5 s, when unset).
 * {@code 0} turns sticky execution off: each workflow task replays the history on whichever
 * worker takes it. Needed with Temporal's Java test server (the local stack's, and the tests'),
 * which never times a sticky task out: there, a workflow whose worker was killed would wait for
 * that dead worker forever (crash/'s WorkerKillIT found it). A real Temporal server does not need it.
 */
@Component
public class StickyExecution implements WorkerOptionsCustomizer {
  public static final String VARIABLE = "DP_WORKFLOW_STICKY_TIMEOUT";

  private final Optional<Duration> timeout;

  public StickyExecution(@Value("${dp.workflow-sticky-timeout:}") String value) {
    this.timeout = parse(value);
  }

  static Optional<Duration> parse(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Duration parsed;
    try {
      parsed = DurationStyle.detectAndParse(value.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(VARIABLE + "='" + value + "' is not a duration (e.g. 0, 5s)");
    }
    if (parsed.isNegative()) {
      throw new IllegalStateException(VARIABLE + "=" + value + " is negative; 0 turns sticky execution off");
    }
    return Optional.of(parsed);
  }

  public Optional<Duration> timeout() {
    return timeout;
  }

  @Override
  public WorkerOptions.Builder customize(WorkerOptions.Builder options, String workerName, String taskQueue) {
    timeout.ifPresent(options::setStickyQueueScheduleToStartTimeout);
    return options;
  }
}
