package io.deploymcp.worker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Every deploy figure the worker exports (docs/metrics.md), in one place so the activities only
 * say what happened. Labels are bounded sets: outcome, reason code, environment, phase, never a
 * service, tenant or deployment id.
 */
public final class DeployMetrics {
  /** The deploy phases timed by {@link #timed}; the label values of {@code phase}. */
  public enum Phase {
    CLONE,
    BUILD,
    PUSH,
    APPLY,
    ROLLOUT;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Reason codes are upper-case identifiers; anything else would be an unbounded label. */
  private static final int MAX_CODE = 64;

  /**
   * Fixed buckets (seconds) rather than Micrometer's ~70 percentile buckets: a dozen series per
   * phase and outcome is enough for p50/p95 of steps that take from a second to half an hour.
   */
  private static final Duration[] PHASE_BUCKETS =
      seconds(0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800);

  private static final Duration[] QUEUE_BUCKETS =
      seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900);

  private final MeterRegistry registry;

  public DeployMetrics(MeterRegistry registry) {
    this.registry = registry;
    // Registered at zero, so rate() and ratios work before the first build.
    stepCounter("cached");
    stepCounter("built");
    skippedCounter();
  }

  /** For tests and callers that construct activities by hand: counts into a private registry. */
  public static DeployMetrics unregistered() {
    return new DeployMetrics(new SimpleMeterRegistry());
  }

  /**
   * A deployment reached a terminal status. Call it only where the write changed the row, so a
   * retried activity or a second terminal write counts nothing twice.
   */
  public void finished(String outcome, String code, String environment) {
    Counter.builder("dp.deployments.finished")
        .description("Deployments that reached a terminal status, by outcome and reason code")
        .tag("outcome", outcome)
        .tag("code", boundedCode(code))
        .tag("environment", environment == null ? "unknown" : environment)
        .register(registry)
        .increment();
  }

  /** Runs one phase and records how long it took and whether it threw. */
  public <T> T timed(Phase phase, Supplier<T> work) {
    long start = System.nanoTime();
    String outcome = "error";
    try {
      T result = work.get();
      outcome = "ok";
      return result;
    } finally {
      phaseTimer(phase, outcome).record(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** From the deployment's creation (the API's commit) to the worker's first activity. */
  public void queueWait(Duration wait) {
    Timer.builder("dp.deployment.queue.wait")
        .description("Time from a deployment's creation to the worker's first activity for it")
        .serviceLevelObjectives(QUEUE_BUCKETS)
        .register(registry)
        .record(wait.isNegative() ? Duration.ZERO : wait);
  }

  /** BuildKit vertices of one solve: answered from cache or executed. */
  public void buildSteps(int cached, int built) {
    stepCounter("cached").increment(Math.max(0, cached));
    stepCounter("built").increment(Math.max(0, built));
  }

  /** The registry already had this commit built this way: no build ran. */
  public void buildSkipped() {
    skippedCounter().increment();
  }

  private Counter skippedCounter() {
    return Counter.builder("dp.builds.skipped")
        .description("Builds skipped because the image was already in the registry")
        .register(registry);
  }

  private Counter stepCounter(String result) {
    return Counter.builder("dp.build.cache.steps")
        .description("BuildKit build steps (vertices), answered from cache or built")
        .tag("result", result)
        .register(registry);
  }

  private Timer phaseTimer(Phase phase, String outcome) {
    return Timer.builder("dp.deployment.phase")
        .description("Duration of one attempt of a deploy phase")
        .tag("phase", phase.label())
        .tag("outcome", outcome)
        .serviceLevelObjectives(PHASE_BUCKETS)
        .register(registry);
  }

  private static Duration[] seconds(double... values) {
    Duration[] durations = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      durations[i] = Duration.ofNanos((long) (values[i] * 1e9));
    }
    return durations;
  }

  static String boundedCode(String code) {
    if (code == null || code.isBlank()) {
      return "none";
    }
    if (code.length() > MAX_CODE || !code.matches("[A-Z0-9_]+")) {
      return "OTHER";
    }
    return code;
  }
}
