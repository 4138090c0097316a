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
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The second line of defence behind the workflow's removeWorkspace: a worker that crashed
 * mid-build leaves its workspace behind, and no workflow will come back for it. Anything older
 * than the longest checkout plus build is garbage, whoever made it.
 */
@Component
public class WorkspaceSweeper implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(WorkspaceSweeper.class);

  private final CheckoutSettings checkout;
  private final Duration olderThan;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("workspace-sweeper").unstarted(r));

  public WorkspaceSweeper(CheckoutSettings checkout, BuildSettings build) {
    this.checkout = checkout;
    this.olderThan = checkout.timeout().plus(build.timeout()).plusMinutes(10);
  }

  @EventListener(ApplicationReadyEvent.class)
  public void start() {
    timer.scheduleWithFixedDelay(this::sweep, 0, 30, TimeUnit.MINUTES);
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
