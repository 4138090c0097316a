package io.deploymcp.worker.temporal;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.metadata.POJOWorkflowMethodMetadata;
import io.temporal.spring.boot.WorkflowImplementationOptionsCustomizer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

/**
 * DP_HEARTBEAT_TIMEOUT: how long a long-running activity (checkout, build, apply, rollout watch,
 * removal) may go without a heartbeat before Temporal counts its worker as gone and retries it.
 * That is how fast a deploy moves on after its worker was killed; unset, each activity keeps the
 * workflow's own timeout (10 s, 30 s for the rollout watch and the removal). Set through the
 * workflow implementation options, which Temporal merges over the options the workflow code
 * names, so the workflows module stays free of configuration. Timeouts are not part of a
 * workflow's commands: histories replay the same whatever the value.
 */
@Component
public class HeartbeatTimeouts implements WorkflowImplementationOptionsCustomizer {
  public static final String VARIABLE = "DP_HEARTBEAT_TIMEOUT";
  /** Activities heartbeat every second and the SDK sends one per 80% of the timeout: below 3 s it could fire. */
  static final Duration MINIMUM = Duration.ofSeconds(3);
  /** The activity types that heartbeat (the capitalised method names of the activity interfaces). */
  static final List<String> HEARTBEATING =
      List.of("Checkout", "BuildAndPush", "Apply", "AwaitRollout", "RemoveService");

  private final Optional<Duration> timeout;

  public HeartbeatTimeouts(@Value("${dp.heartbeat-timeout:}") String value) {
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
      throw new IllegalStateException(VARIABLE + "='" + value + "' is not a duration (e.g. 10s, 1m)");
    }
    if (parsed.compareTo(MINIMUM) < 0) {
      throw new IllegalStateException(
          VARIABLE + "=" + value + " is below " + MINIMUM.toSeconds() + "s: activities heartbeat about"
              + " once a second, so a shorter timeout would fire on a healthy worker");
    }
    return Optional.of(parsed);
  }

  public Optional<Duration> timeout() {
    return timeout;
  }

  @Override
  public WorkflowImplementationOptions.Builder customize(WorkflowImplementationOptions.Builder options) {
    timeout.ifPresent(
        t -> {
          Map<String, ActivityOptions> perType = new LinkedHashMap<>();
          for (String type : HEARTBEATING) {
            perType.put(type, ActivityOptions.newBuilder().setHeartbeatTimeout(t).build());
          }
          options.setActivityOptions(perType);
        });
    return options;
  }

  @Override
  public WorkflowImplementationOptions.Builder customize(
      WorkflowImplementationOptions.Builder options,
      Worker worker,
      Class<?> workflowImplementationClass,
      POJOWorkflowMethodMetadata workflowMethod) {
    return customize(options);
  }
}
