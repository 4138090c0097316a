package io.deploymcp.ops.gc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long the collector waits for builds in flight before it skips tonight's blob sweep
 * (409 BUILDS_IN_FLIGHT): {@code attempts} tries, the pause doubling from {@code firstPause} up to
 * {@code maxPause}. The default waits 10+20+40+60+60 s, about three minutes, then gives up: the
 * manifests stay deleted and their blobs go next night.
 */
public record SweepRetry(int attempts, Duration firstPause, Duration maxPause, Sleeper sleeper) {
  public static final SweepRetry DEFAULT = new SweepRetry(6, Duration.ofSeconds(10), Duration.ofSeconds(60), Sleeper.THREAD);

  public SweepRetry {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
  }

  /** The pauses between attempts, in order ({@code attempts - 1} of them). */
  public List<Duration> pauses() {
    List<Duration> pauses = new ArrayList<>();
    Duration pause = firstPause;
    for (int i = 1; i < attempts; i++) {
      pauses.add(pause);
      Duration doubled = pause.multipliedBy(2);
      pause = doubled.compareTo(maxPause) > 0 ? maxPause : doubled;
    }
    return pauses;
  }

  /** Waits; tests pass one that records the pause and returns at once. */
  @FunctionalInterface
  public interface Sleeper {
    Sleeper THREAD = pause -> Thread.sleep(pause.toMillis());

    void sleep(Duration pause) throws InterruptedException;
  }
}
