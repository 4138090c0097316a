package io.deploymcp.api.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.cluster.LiveStatusService;
import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.deployment.DeploymentRepository;
import io.deploymcp.api.deployment.DeploymentView;
import io.deploymcp.api.events.DeploymentEventHub;
import io.deploymcp.api.events.EventCursor;
import io.deploymcp.api.events.EventFollower;
import io.deploymcp.api.events.StreamItem;
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
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Follows a deployment for a tool called with {@code wait_seconds}, on the same source as
 * {@code GET /v1/deployments/{id}/events}: the deployment's event stream from the database (so
 * any API replica can wait for a deploy any worker runs), woken by PostgreSQL's notifications
 * rather than polling. It waits until the result, the end of the wait or the client's
 * cancellation, and sends an MCP progress notification whenever what it does changes, when the
 * client asked for progress: queued, cloning, building with the current build step (from the
 * build log lines the worker flushes between heartbeats), deploying (applying), rolling out with
 * the ready count (the worker's rollout events; before the first one, the cluster's Deployment
 * read through {@link LiveStatusService}'s short cache, once it carries this deployment), then
 * the end. Events that are already there when it starts are taken together, so a wait that
 * joins late sends the current point once rather than the whole history.
 */
@Singleton
public class DeploymentWaiter {
  /** queued, cloning, building, deploying, rolling out, then the end: a deploy's progress scale. */
  static final int PHASES = 5;
  /** A build step line is cut to this, so a long RUN command does not flood the client. */
  static final int STEP_CHARS = 120;
  /** A client that does not read its stream holds a wait up this long per notification. */
  private static final Duration NOTIFY_TIMEOUT = Duration.ofSeconds(2);
  /** A step line that starts a step, not one that reports a step's end or cache hit. */
  private static final Pattern STEP_END = Pattern.compile("^#[0-9]+ (CACHED|DONE|ERROR)");
  private static final Logger LOG = Logger.getLogger(DeploymentWaiter.class);

  /** Where a deploy is on the scale, and what the client is told. */
  record ProgressPoint(int step, String message) {}

  private final DeploymentRepository deployments;
  private final ServiceRepository services;
  private final LiveStatusService liveStatus;
  private final DeploymentEventHub events;
  private final ObjectMapper json;
  private final Duration interval;

  public DeploymentWaiter(
      DeploymentRepository deployments, ServiceRepository services, LiveStatusService liveStatus,
      DeploymentEventHub events, ObjectMapper json, ApiConfig config) {
    this.deployments = deployments;
    this.services = services;
    this.liveStatus = liveStatus;
    this.events = events;
    this.json = json;
    this.interval = config.mcp().waitPollInterval();
  }

  /** What the stream has said so far. */
  private static final class Seen {
    String status;
    String errorCode;
    String buildStep;
    String rollout;
    boolean ended;
  }

  /** The deployment's state when it ended or the wait was over (empty when it vanished). */
  public Optional<DeploymentView> await(
      Caller caller, UUID id, int seconds, Progress progress, Cancellation cancellation) {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    boolean reporting = progress != null && progress.token().isPresent();
    Optional<DeploymentRepository.Found> found = deployments.find(caller.tenantId(), id);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    DeploymentView view = found.get().view();
    Seen seen = new Seen();
    seen.status = view.status();
    seen.ended = DeploymentRepository.isTerminal(view);
    seen.errorCode = view.error() == null ? null : view.error().code();
    ProgressPoint last = null;
    // The service's project, for the cluster read while deploying: looked up once per wait.
    Optional<ServiceView> service = null;
    try (EventFollower follower = seen.ended ? null : new EventFollower(events.stream(id, EventCursor.START, () -> {}))) {
      while (true) {
        if (follower != null && !seen.ended) {
          take(follower, seen, Duration.ofNanos(Math.max(0, Math.min(deadline - System.nanoTime(), interval.toNanos()))));
        }
        if (reporting) {
          if (service == null && DeploymentStatus.fromWireName(seen.status) == DeploymentStatus.DEPLOYING) {
            service = services.find(caller.tenantId(), view.service());
          }
          ProgressPoint point = progressOf(caller, view, seen, service);
          // A cluster read that fails mid-rollout must not send the client back to "deploying".
          if (last != null && point.step() < last.step()) {
            point = last;
          }
          if (!point.equals(last)) {
            last = point;
            notify(progress, point);
          }
        }
        if (seen.ended || deadline - System.nanoTime() <= 0 || cancelled(cancellation)) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return deployments.find(caller.tenantId(), id).map(DeploymentRepository.Found::view).or(() -> Optional.of(view));
  }

  /** Waits up to {@code timeout} for an event, then takes every event already there. */
  private void take(EventFollower follower, Seen seen, Duration timeout) throws InterruptedException {
    StreamItem item = follower.next(timeout);
    while (item != null) {
      apply(item, seen);
      if (seen.ended) {
        return;
      }
      item = follower.next(Duration.ZERO);
    }
    seen.ended |= follower.ended();
  }

  private void apply(StreamItem item, Seen seen) {
    JsonNode data;
    try {
      data = json.readTree(item.data());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an event's data is not JSON", e);
    }
    switch (item.type()) {
      case StreamItem.PHASE -> seen.status = data.path("status").asText(seen.status);
      case StreamItem.LOG -> {
        String line = data.path("line").asText("");
        if ("step".equals(data.path("stream").asText()) && !STEP_END.matcher(line).find()) {
          seen.buildStep = line;
        }
      }
      case StreamItem.ROLLOUT -> seen.rollout = rollingOut(data);
      case StreamItem.RESULT -> {
        seen.status = data.path("status").asText(seen.status);
        seen.errorCode = data.path("error").path("code").asText(null);
        seen.ended = true;
      }
      default -> {
        // a gap: older lines are gone; the newest step is still among the kept ones
      }
    }
  }

  /** e.g. {@code rolling out: 0/1 ready (CrashLoopBackOff)}, from a rollout event. */
  private static String rollingOut(JsonNode rollout) {
    String reason = "";
    for (JsonNode pod : rollout.path("pods")) {
      String r = pod.path("reason").asText("");
      if (!r.isBlank() && !pod.path("reason").isNull()) {
        reason = " (" + r + ")";
        break;
      }
    }
    return "rolling out: " + rollout.path("ready").asInt() + "/" + rollout.path("desired").asInt() + " ready" + reason;
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
  private ProgressPoint progressOf(Caller caller, DeploymentView view, Seen seen, Optional<ServiceView> service) {
    DeploymentStatus status = DeploymentStatus.fromWireName(seen.status);
    if (status == DeploymentStatus.BUILDING && seen.buildStep != null) {
      return new ProgressPoint(step(seen.status), "building: " + cut(seen.buildStep));
    }
    if (status == DeploymentStatus.DEPLOYING) {
      if (seen.rollout != null) {
        return new ProgressPoint(PHASES - 1, seen.rollout);
      }
      Optional<WorkloadState> workload = service == null ? Optional.empty() : service
          .flatMap(found -> liveStatus.workload(
              caller.tenantName(), found.project(), found.name(),
              DeployEnvironment.fromWireName(view.environment())));
      if (workload.isPresent() && view.id().toString().equals(workload.get().deploymentId())) {
        return new ProgressPoint(PHASES - 1, rollingOut(workload.get()));
      }
    }
    return new ProgressPoint(step(seen.status), seen.errorCode != null ? seen.status + ": " + seen.errorCode : seen.status);
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
