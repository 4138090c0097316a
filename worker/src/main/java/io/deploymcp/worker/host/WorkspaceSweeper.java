package io.deploymcp.worker.host;

import io.deploymcp.checkout.Workspaces;
import io.deploymcp.worker.config.BuildSettings;
import io.deploymcp.worker.config.CheckoutSettings;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The second line of defence behind the workflow's removeWorkspace: a worker that crashed
 * mid-build leaves its workspace behind, and no workflow will come back for it. Anything older
 * than the longest checkout plus build (plus DP_WORKSPACE_SWEEP_GRACE) is garbage, whoever made
 * it. Runs at start and every DP_WORKSPACE_SWEEP_INTERVAL, so no workspace outlives that bound
 * by more than one interval (crash/'s WorkerKillIT watches it).
 */
@Component
public class WorkspaceSweeper implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(WorkspaceSweeper.class);

  private final CheckoutSettings checkout;
  private final Duration olderThan;
  private final Duration interval;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("workspace-sweeper").unstarted(r));

  public WorkspaceSweeper(
      CheckoutSettings checkout,
      BuildSettings build,
      @Value("${dp.checkout.sweep-interval:30m}") Duration interval,
      @Value("${dp.checkout.sweep-grace:10m}") Duration grace) {
    if (!interval.isPositive() || grace.isNegative()) {
      throw new IllegalStateException(
          "DP_WORKSPACE_SWEEP_INTERVAL must be positive and DP_WORKSPACE_SWEEP_GRACE not negative (now "
              + interval + ", " + grace + ")");
    }
    this.checkout = checkout;
    this.olderThan = checkout.timeout().plus(build.timeout()).plus(grace);
    this.interval = interval;
  }

  /** The age past which a workspace is removed. */
  public Duration olderThan() {
    return olderThan;
  }

  @EventListener(ApplicationReadyEvent.class)
  public void start() {
    timer.scheduleWithFixedDelay(this::sweep, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  void sweep() {
    try {
      int removed = Workspaces.sweep(checkout.workspaceDir(), olderThan);
      if (removed > 0) {
        log.info("removed {} workspaces older than {}", removed, olderThan);
      }
    } catch (RuntimeException e) {
      log.warn("workspace sweep failed: {}", e.toString());
    }
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
  }
}
