package io.deploymcp.worker.startup;

import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Start and stop of the Temporal workers as an orchestrator sees them.
 *
 * <p>Ready: one line once the workers poll (the image benchmark and operators wait for it).
 *
 * <p>Stop (SIGTERM, e.g. a pod being replaced): temporal-spring-boot-starter only calls
 * {@code WorkerFactory.shutdown()} as the factory bean's destroy method, which stops polling but
 * does not wait, so the JVM would exit under the activities it is running and each would sit
 * until its timeout before Temporal retried it elsewhere. Here, when the context closes (before
 * any bean is destroyed, so the database pool and clients still work), polling stops, running
 * activities get up to DP_WORKER_SHUTDOWN_TIMEOUT to finish, and whatever is still running then
 * is interrupted: those activities fail on this worker and Temporal retries them on another (the
 * hand-back). Keep the timeout below the pod's terminationGracePeriodSeconds (the chart: 300 s).
 */
@Component
public class WorkerLifecycle {
  private static final Logger log = LoggerFactory.getLogger(WorkerLifecycle.class);

  private final WorkerFactory factory;
  private final Duration timeout;

  public WorkerLifecycle(WorkerFactory factory, @Value("${dp.worker.shutdown-timeout}") Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException(
          "DP_WORKER_SHUTDOWN_TIMEOUT must not be negative (got " + timeout + "); e.g. 240s");
    }
    this.factory = factory;
    this.timeout = timeout;
  }

  /** After the starter's own listener: start() does nothing when the factory already runs. */
  @EventListener(ApplicationReadyEvent.class)
  @Order(Ordered.LOWEST_PRECEDENCE)
  public void ready() {
    factory.start();
    log.info("Worker ready: polling Temporal (graceful shutdown waits up to {} s for running activities)",
        timeout.toSeconds());
  }

  @EventListener(ContextClosedEvent.class)
  @Order(Ordered.HIGHEST_PRECEDENCE)
  public void drain() throws InterruptedException {
    if (!factory.isStarted() || factory.isShutdown()) {
      return;
    }
    long started = System.nanoTime();
    log.info("Shutting down: polling stopped, waiting up to {} s for running activities", timeout.toSeconds());
    factory.shutdown();
    factory.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    if (factory.isTerminated()) {
      log.info("Shutdown: every running activity finished ({} ms)", tookMs);
      return;
    }
    log.warn("Shutdown: activities still running after {} s are interrupted; Temporal retries them on another worker",
        timeout.toSeconds());
    factory.shutdownNow();
    factory.awaitTermination(5, TimeUnit.SECONDS);
  }
}
