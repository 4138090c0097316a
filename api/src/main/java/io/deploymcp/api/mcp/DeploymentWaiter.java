package io.deploymcp.api.mcp;

import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.deployment.DeploymentRepository;
import io.deploymcp.api.deployment.DeploymentView;
import io.deploymcp.workflows.DeploymentStatus;
import io.quarkiverse.mcp.server.Cancellation;
import io.quarkiverse.mcp.server.Progress;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Follows a deployment for a tool called with {@code wait_seconds}: reads its state from the
 * database (so any API replica can wait for a deploy any worker runs) until it ends, the wait
 * is over or the client cancels the call, and sends an MCP progress notification for each
 * phase it sees when the client asked for progress.
 */
@Singleton
public class DeploymentWaiter {
  /** queued, cloning, building, deploying, then the end: the progress scale of a deploy. */
  static final int PHASES = 4;
  private static final Logger LOG = Logger.getLogger(DeploymentWaiter.class);

  private final DeploymentRepository deployments;
  private final Duration interval;

  public DeploymentWaiter(DeploymentRepository deployments, ApiConfig config) {
    this.deployments = deployments;
    this.interval = config.mcp().waitPollInterval();
  }

  /** The deployment's state when it ended or the wait was over (empty when it vanished). */
  public Optional<DeploymentView> await(
      Caller caller, UUID id, int seconds, Progress progress, Cancellation cancellation) {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    String lastStatus = null;
    DeploymentView view = null;
    while (true) {
      Optional<DeploymentRepository.Found> found = deployments.find(caller.tenantId(), id);
      if (found.isEmpty()) {
        return Optional.ofNullable(view);
      }
      view = found.get().view();
      if (!view.status().equals(lastStatus)) {
        lastStatus = view.status();
        notify(progress, view);
      }
      long remaining = deadline - System.nanoTime();
      if (DeploymentRepository.isTerminal(view) || remaining <= 0 || cancelled(cancellation)) {
        return Optional.of(view);
      }
      try {
        Thread.sleep(Duration.ofNanos(Math.min(remaining, interval.toNanos())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of(view);
      }
    }
  }

  /** Where a status sits on the progress scale: each phase one step, every end the last. */
  static int step(String status) {
    DeploymentStatus s = DeploymentStatus.fromWireName(status);
    return switch (s) {
      case QUEUED -> 0;
      case CLONING -> 1;
      case BUILDING -> 2;
      case DEPLOYING -> 3;
      case RUNNING, FAILED, CANCELLED, SUPERSEDED -> PHASES;
    };
  }

  /** The progress message: the phase, and for a failure its code. */
  static String message(DeploymentView view) {
    if (view.error() != null && view.error().code() != null) {
      return view.status() + ": " + view.error().code();
    }
    return view.status();
  }

  private static void notify(Progress progress, DeploymentView view) {
    if (progress == null || progress.token().isEmpty()) {
      return;
    }
    try {
      progress.notificationBuilder()
          .setProgress(step(view.status()))
          .setTotal(PHASES)
          .setMessage(message(view))
          .build()
          .sendAndForget();
    } catch (RuntimeException e) {
      // A client that went away cannot be told; the wait itself goes on.
      LOG.debugf("progress notification not sent: %s", e.getMessage());
    }
  }

  private static boolean cancelled(Cancellation cancellation) {
    return cancellation != null && cancellation.check().isRequested();
  }
}
