package io.deploymcp.api.mcp;

import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.cluster.LiveStatusService;
import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.deployment.DeploymentRepository;
import io.deploymcp.api.deployment.DeploymentView;
import io.deploymcp.api.service.ServiceRepository;
import io.deploymcp.api.service.ServiceView;
import io.deploymcp.kube.spec.DeployEnvironment;
import io.deploymcp.kube.status.PodState;
import io.deploymcp.kube.status.WorkloadState;
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
 * is over or the client cancels the call, and sends an MCP progress notification whenever what
 * it does changes, when the client asked for progress: queued, cloning, building with the
 * current build step (from the build log the worker flushes between heartbeats), deploying
 * (applying), rolling out with the ready count (once the cluster's Deployment carries this
 * deployment; read through {@link LiveStatusService}'s short cache), then the end.
 */
@Singleton
public class DeploymentWaiter {
  /** queued, cloning, building, deploying, rolling out, then the end: a deploy's progress scale. */
  static final int PHASES = 5;
  /** A build step line is cut to this, so a long RUN command does not flood the client. */
  static final int STEP_CHARS = 120;
  /** A client that does not read its stream holds a wait up this long per notification. */
  private static final Duration NOTIFY_TIMEOUT = Duration.ofSeconds(2);
  private static final Logger LOG = Logger.getLogger(DeploymentWaiter.class);

  /** Where a deploy is on the scale, and what the client is told. */
  record ProgressPoint(int step, String message) {}

  private final DeploymentRepository deployments;
  private final ServiceRepository services;
  private final LiveStatusService liveStatus;
  private final Duration interval;

  public DeploymentWaiter(
      DeploymentRepository deployments, ServiceRepository services, LiveStatusService liveStatus, ApiConfig config) {
    this.deployments = deployments;
    this.services = services;
    this.liveStatus = liveStatus;
    this.interval = config.mcp().waitPollInterval();
  }

  /** The deployment's state when it ended or the wait was over (empty when it vanished). */
  public Optional<DeploymentView> await(
      Caller caller, UUID id, int seconds, Progress progress, Cancellation cancellation) {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    boolean reporting = progress != null && progress.token().isPresent();
    ProgressPoint last = null;
    // The service's project, for the cluster read while deploying: looked up once per wait.
    Optional<ServiceView> service = null;
    DeploymentView view = null;
    while (true) {
      Optional<DeploymentRepository.Found> found = deployments.find(caller.tenantId(), id);
      if (found.isEmpty()) {
        return Optional.ofNullable(view);
      }
      view = found.get().view();
      if (reporting) {
        if (service == null && DeploymentStatus.fromWireName(view.status()) == DeploymentStatus.DEPLOYING) {
          service = services.find(caller.tenantId(), view.service());
        }
        ProgressPoint point = progressOf(caller, view, service);
        // A cluster read that fails mid-rollout must not send the client back to "deploying".
        if (last != null && point.step() < last.step()) {
          point = last;
        }
        if (!point.equals(last)) {
          last = point;
          notify(progress, point);
        }
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

  /** The phase with its detail: the build step, or the rollout's ready count. */
  private ProgressPoint progressOf(Caller caller, DeploymentView view, Optional<ServiceView> service) {
    DeploymentStatus status = DeploymentStatus.fromWireName(view.status());
    if (status == DeploymentStatus.BUILDING) {
      return deployments.currentBuildStep(caller.tenantId(), view.id())
          .map(line -> new ProgressPoint(step(view.status()), "building: " + cut(line)))
          .orElseGet(() -> new ProgressPoint(step(view.status()), message(view)));
    }
    if (status == DeploymentStatus.DEPLOYING) {
      Optional<WorkloadState> workload = service
          .flatMap(found -> liveStatus.workload(
              caller.tenantName(), found.project(), found.name(),
              DeployEnvironment.fromWireName(view.environment())));
      if (workload.isPresent() && view.id().toString().equals(workload.get().deploymentId())) {
        return new ProgressPoint(PHASES - 1, rollingOut(workload.get()));
      }
    }
    return new ProgressPoint(step(view.status()), message(view));
  }

  /** e.g. {@code rolling out: 0/1 ready (CrashLoopBackOff)}. */
  static String rollingOut(WorkloadState workload) {
    String reason = workload.pods().stream().map(PodState::reason).filter(r -> r != null && !r.isBlank())
        .findFirst().map(r -> " (" + r + ")").orElse("");
    return "rolling out: " + workload.readyReplicas() + "/" + workload.desiredReplicas() + " ready" + reason;
  }

  private static String cut(String line) {
    return line.length() <= STEP_CHARS ? line : line.substring(0, STEP_CHARS - 1) + "…";
  }

  /** The progress message: the phase, and for a failure its code. */
  static String message(DeploymentView view) {
    if (view.error() != null && view.error().code() != null) {
      return view.status() + ": " + view.error().code();
    }
    return view.status();
  }

  private static void notify(Progress progress, ProgressPoint point) {
    try {
      progress.notificationBuilder()
          .setProgress(point.step())
          .setTotal(PHASES)
          .setMessage(point.message())
          .build()
          .send()
          // Written before the wait goes on, so the last phase reaches the client before the
          // tool's result does (sendAndForget let the result overtake it under load).
          .await().atMost(NOTIFY_TIMEOUT);
    } catch (RuntimeException e) {
      // A client that went away cannot be told; the wait itself goes on.
      LOG.debugf("progress notification not sent: %s", e.getMessage());
    }
  }

  private static boolean cancelled(Cancellation cancellation) {
    return cancellation != null && cancellation.check().isRequested();
  }
}
