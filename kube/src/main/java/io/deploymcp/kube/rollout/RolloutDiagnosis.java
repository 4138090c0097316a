package io.deploymcp.kube.rollout;

import io.deploymcp.kube.manifest.Labels;
import io.deploymcp.kube.spec.ServiceDeploymentSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads a {@link RolloutSnapshot} the way a person reading {@code kubectl describe} would: is
 * the new version available, has it failed (and why, with what evidence), or is it still on its
 * way. Pure: no client, no clock, so every rule has a table-style test.
 */
final class RolloutDiagnosis {

  /**
   * Restarts before a crashing container counts as a crash loop: one crash may be a dependency
   * not up yet; the second start failing the same way is a pattern.
   */
  static final int CRASH_RESTARTS = 2;

  private static final Set<String> PULL_FAILED_NOW =
      Set.of("ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");
  private static final Set<String> CONFIG_ERRORS =
      Set.of("CreateContainerConfigError", "CreateContainerError", "RunContainerError");
  private static final List<String> PERMANENT_PULL_ERRORS =
      List.of("not found", "manifest unknown", "unauthorized", "denied", "forbidden");

  private RolloutDiagnosis() {}

  /** The state of a rollout. */
  sealed interface Verdict {}

  record Available(int ready, int desired) implements Verdict {}

  record Waiting(RolloutProgress progress) implements Verdict {
    String status() {
      return progress.status();
    }
  }

  record Failed(Finding finding) implements Verdict {}

  /** The Deployment is gone ({@code by} null) or carries another deployment's id. */
  record Superseded(String by, String message) implements Verdict {}

  /**
   * A failure and its explanation. {@code logPod}/{@code logContainer} name the crashed
   * container whose previous instance's log the watcher fetches; {@code fallbackLog} is its
   * termination message, for when that log cannot be read.
   */
  record Finding(
      RolloutFailure code,
      String evidence,
      String hint,
      String logPod,
      String logContainer,
      String fallbackLog,
      int exitCode) {
    Finding(RolloutFailure code, String evidence, String hint) {
      this(code, evidence, hint, null, null, null, -1);
    }

    /** A crash's hint also reads the log (a missing variable, a read-only file system). */
    String hintWith(String logTail) {
      return code == RolloutFailure.CRASH_LOOP ? RolloutHints.crash(exitCode, logTail) : hint;
    }
  }

  static Verdict evaluate(ServiceDeploymentSpec spec, RolloutSnapshot snapshot) {
    Deployment deployment = snapshot.deployment();
    if (deployment == null) {
      return new Superseded(
          null, "the Deployment of " + spec.service() + " is gone (the service was deleted?)");
    }
    String owner = annotations(deployment).get(Labels.ANNOTATION_DEPLOYMENT_ID);
    if (!spec.deploymentId().equals(owner)) {
      return new Superseded(
          owner, "the Deployment now belongs to deployment " + owner + ", not " + spec.deploymentId());
    }
    int desired = desired(deployment);
    ReplicaSet replicaSet = snapshot.newReplicaSet();
    if (observed(deployment) && replicaSet != null && available(replicaSet) >= desired) {
      return new Available(ready(replicaSet), desired);
    }
    Optional<Finding> refused = refusedPods(spec, snapshot);
    if (refused.isPresent()) {
      return new Failed(refused.get());
    }
    for (Pod pod : livePods(snapshot)) {
      Optional<Finding> failed = podFailure(spec, snapshot, pod);
      if (failed.isPresent()) {
        return new Failed(failed.get());
      }
    }
    if (progressDeadlineExceeded(deployment)) {
      return new Failed(timedOut(spec, snapshot, "Kubernetes' progress deadline"));
    }
    return new Waiting(progress(snapshot, desired));
  }

  /** What to report when the wait ran out: a failing health check, or a plain timeout. */
  static Finding timedOut(ServiceDeploymentSpec spec, RolloutSnapshot snapshot, Duration timeout) {
    return timedOut(spec, snapshot, format(timeout));
  }

  private static Finding timedOut(ServiceDeploymentSpec spec, RolloutSnapshot snapshot, String after) {
    for (Pod pod : livePods(snapshot)) {
      Optional<Event> probe = latest(eventsOf(snapshot, pod), RolloutDiagnosis::isProbeFailure);
      if (probe.isPresent()) {
        return probeFailed(spec, pod, probe.get(), 0);
      }
    }
    int desired = snapshot.deployment() == null ? 1 : desired(snapshot.deployment());
    StringBuilder evidence =
        new StringBuilder("not available after ").append(after).append(": ")
            .append(status(snapshot, desired));
    List<Event> related = new ArrayList<>();
    for (Pod pod : livePods(snapshot)) {
      related.addAll(eventsOf(snapshot, pod));
    }
    if (snapshot.newReplicaSet() != null) {
      related.addAll(eventsOf(snapshot, snapshot.newReplicaSet()));
    }
    latest(related, e -> "Warning".equals(e.getType()))
        .ifPresent(e -> evidence.append("; last warning: ").append(e.getReason()).append(": ")
            .append(e.getMessage()));
    return new Finding(RolloutFailure.ROLLOUT_TIMEOUT, evidence.toString(),
        RolloutHints.timeout(spec, after));
  }

  // ---- the ReplicaSet could not create pods ----------------------------------------------

  private static Optional<Finding> refusedPods(ServiceDeploymentSpec spec, RolloutSnapshot snapshot) {
    ReplicaSet replicaSet = snapshot.newReplicaSet();
    String message = null;
    if (replicaSet != null && replicaSet.getStatus() != null
        && replicaSet.getStatus().getConditions() != null) {
      for (ReplicaSetCondition condition : replicaSet.getStatus().getConditions()) {
        if ("ReplicaFailure".equals(condition.getType()) && "True".equals(condition.getStatus())) {
          message = condition.getMessage();
        }
      }
    }
    Deployment deployment = snapshot.deployment();
    if (message == null && observed(deployment) && deployment.getStatus().getConditions() != null) {
      for (DeploymentCondition condition : deployment.getStatus().getConditions()) {
        if ("ReplicaFailure".equals(condition.getType()) && "True".equals(condition.getStatus())) {
          message = condition.getMessage();
        }
      }
    }
    if (message == null && replicaSet != null) {
      message = latest(eventsOf(snapshot, replicaSet), e -> "FailedCreate".equals(e.getReason()))
          .map(Event::getMessage)
          .orElse(null);
    }
    if (message == null || deployment == null || livePods(snapshot).size() >= desired(deployment)) {
      return Optional.empty(); // nothing refused, or the pods exist by now: an earlier refusal passed
    }
    if (message.contains("exceeded quota")) {
      QuotaRefusal quota = QuotaRefusal.parse(message);
      return Optional.of(new Finding(RolloutFailure.QUOTA_EXCEEDED, quota.evidence(),
          RolloutHints.quota(spec, quota)));
    }
    return Optional.of(new Finding(RolloutFailure.CONFIG_ERROR,
        "the cluster refused to create the pod: " + message, RolloutHints.podRefused(message)));
  }

  // ---- one pod ---------------------------------------------------------------------------

  private static Optional<Finding> podFailure(
      ServiceDeploymentSpec spec, RolloutSnapshot snapshot, Pod pod) {
    List<Event> events = eventsOf(snapshot, pod);
    Optional<PodCondition> unscheduled = condition(pod, "PodScheduled")
        .filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()));
    if (unscheduled.isPresent()) {
      String message = Optional.ofNullable(unscheduled.get().getMessage())
          .or(() -> latest(events, e -> "FailedScheduling".equals(e.getReason())).map(Event::getMessage))
          .orElse("no reason given");
      return Optional.of(new Finding(RolloutFailure.UNSCHEDULABLE,
          "pod " + name(pod) + " cannot be scheduled: " + message,
          RolloutHints.unschedulable(spec, message)));
    }
    for (ContainerStatus status : containerStatuses(pod)) {
      Optional<Finding> failed = containerFailure(spec, pod, events, status);
      if (failed.isPresent()) {
        return failed;
      }
    }
    return Optional.empty();
  }

  private static Optional<Finding> containerFailure(
      ServiceDeploymentSpec spec, Pod pod, List<Event> events, ContainerStatus status) {
    String container = status.getName();
    ContainerStateWaiting waiting = status.getState() == null ? null : status.getState().getWaiting();
    String reason = waiting == null ? null : waiting.getReason();
    if (reason != null && (PULL_FAILED_NOW.contains(reason)
        || ("ErrImagePull".equals(reason) && isPermanentPullError(waiting.getMessage())))) {
      String image = status.getImage() != null ? status.getImage() : spec.image();
      String message = latest(events, e -> e.getMessage() != null
              && e.getMessage().startsWith("Failed to pull image"))
          .map(Event::getMessage)
          .orElseGet(() -> reason + (waiting.getMessage() == null ? "" : ": " + waiting.getMessage()));
      return Optional.of(new Finding(RolloutFailure.IMAGE_PULL_FAILED,
          "pod " + name(pod) + ", container " + container + ", image " + image + ": " + message,
          RolloutHints.imagePull(reason, message)));
    }
    if (reason != null && CONFIG_ERRORS.contains(reason)) {
      String message = waiting.getMessage() == null ? "" : waiting.getMessage();
      return Optional.of(new Finding(RolloutFailure.CONFIG_ERROR,
          "pod " + name(pod) + ", container " + container + ": " + reason
              + (message.isEmpty() ? "" : ": " + message),
          RolloutHints.config(reason, message)));
    }
    ContainerStateTerminated terminated = lastTermination(status);
    int restarts = status.getRestartCount() == null ? 0 : status.getRestartCount();
    if (terminated == null || restarts < CRASH_RESTARTS) {
      return Optional.empty();
    }
    Optional<Event> probeKill = latest(events, RolloutDiagnosis::isProbeKill);
    if (probeKill.isPresent()) {
      Event failure = latest(events, RolloutDiagnosis::isProbeFailure).orElse(probeKill.get());
      return Optional.of(probeFailed(spec, pod, failure, restarts));
    }
    int exitCode = terminated.getExitCode() == null ? -1 : terminated.getExitCode();
    String fallbackLog = terminated.getMessage();
    if ("OOMKilled".equals(terminated.getReason())) {
      String limit = memoryLimit(pod, container).orElse(spec.memoryMib() + "Mi");
      return Optional.of(new Finding(RolloutFailure.OOM_KILLED,
          "pod " + name(pod) + ", container " + container
              + " was killed for going over its memory limit " + limit + " (OOMKilled, exit code "
              + exitCode + "), restarted " + restarts + " times",
          RolloutHints.oom(spec, limit), name(pod), container, fallbackLog, exitCode));
    }
    return Optional.of(new Finding(RolloutFailure.CRASH_LOOP,
        "pod " + name(pod) + ", container " + container + " exited with code " + exitCode
            + (terminated.getReason() == null ? "" : " (" + terminated.getReason() + ")")
            + " and was restarted " + restarts + " times",
        RolloutHints.crash(exitCode, ""), name(pod), container, fallbackLog, exitCode));
  }

  private static Finding probeFailed(ServiceDeploymentSpec spec, Pod pod, Event event, int restarts) {
    String message = event.getMessage() == null ? "" : event.getMessage();
    String container = containerOf(event).orElse(null);
    Probe probe = probeNamed(pod, container, message);
    String target = RolloutHints.probeTarget(spec, probe);
    String lastStatus = RolloutHints.probeStatus(message);
    String kind = message.contains(":") && message.contains("probe")
        ? message.substring(0, message.indexOf("probe")).trim().toLowerCase() + " probe"
        : "health check";
    return new Finding(RolloutFailure.PROBE_FAILED,
        kind + " " + target + " failed in pod " + name(pod) + ": last status " + lastStatus
            + " (" + message + ")"
            + (restarts > 0 ? "; the container was restarted " + restarts + " times" : ""),
        RolloutHints.probe(spec, probe, lastStatus));
  }

  // ---- status line -----------------------------------------------------------------------

  /** The status line with the counts and pods it is made of. */
  static RolloutProgress progress(RolloutSnapshot snapshot, int desired) {
    ReplicaSet replicaSet = snapshot.newReplicaSet();
    List<RolloutProgress.Pod> pods = new ArrayList<>();
    for (Pod pod : livePods(snapshot)) {
      String reason = null;
      boolean ready = true;
      int restarts = 0;
      for (ContainerStatus status : containerStatuses(pod)) {
        ready &= Boolean.TRUE.equals(status.getReady());
        restarts += status.getRestartCount() == null ? 0 : status.getRestartCount();
        if (reason == null && status.getState() != null && status.getState().getWaiting() != null) {
          reason = status.getState().getWaiting().getReason();
        }
      }
      String phase = pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
      pods.add(new RolloutProgress.Pod(name(pod), phase, ready && !containerStatuses(pod).isEmpty(), restarts, reason));
    }
    return new RolloutProgress(replicaSet == null ? 0 : ready(replicaSet), desired, pods, status(snapshot, desired));
  }

  static String status(RolloutSnapshot snapshot, int desired) {
    ReplicaSet replicaSet = snapshot.newReplicaSet();
    StringBuilder out = new StringBuilder()
        .append(replicaSet == null ? 0 : ready(replicaSet)).append('/').append(desired)
        .append(" new pods ready");
    List<Pod> pods = livePods(snapshot);
    if (replicaSet == null) {
      out.append("; waiting for the new ReplicaSet");
    } else if (pods.isEmpty()) {
      out.append("; no pod yet");
    }
    for (Pod pod : pods.stream().limit(2).toList()) {
      out.append("; pod ").append(name(pod)).append(": ")
          .append(pod.getStatus() == null || pod.getStatus().getPhase() == null
              ? "Pending" : pod.getStatus().getPhase());
      for (ContainerStatus status : containerStatuses(pod)) {
        out.append(", ").append(status.getName()).append(' ');
        if (status.getState() != null && status.getState().getWaiting() != null) {
          out.append(status.getState().getWaiting().getReason());
        } else if (status.getState() != null && status.getState().getRunning() != null) {
          out.append(Boolean.TRUE.equals(status.getReady()) ? "ready" : "running, not ready");
        } else if (status.getState() != null && status.getState().getTerminated() != null) {
          out.append("terminated");
        } else {
          out.append("starting");
        }
        if (status.getRestartCount() != null && status.getRestartCount() > 0) {
          out.append(" (").append(status.getRestartCount()).append(" restarts)");
        }
      }
    }
    return out.toString();
  }

  // ---- helpers ---------------------------------------------------------------------------

  private static boolean isPermanentPullError(String message) {
    if (message == null) {
      return false;
    }
    String lower = message.toLowerCase();
    return PERMANENT_PULL_ERRORS.stream().anyMatch(lower::contains);
  }

  static boolean isProbeFailure(Event event) {
    return "Unhealthy".equals(event.getReason()) && event.getMessage() != null
        && event.getMessage().contains("probe failed");
  }

  /** The kubelet's "Container app failed liveness probe, will be restarted". */
  private static boolean isProbeKill(Event event) {
    return "Killing".equals(event.getReason()) && event.getMessage() != null
        && (event.getMessage().contains("failed liveness probe")
            || event.getMessage().contains("failed startup probe"));
  }

  private static Probe probeNamed(Pod pod, String containerName, String message) {
    Container container = container(pod, containerName).orElse(null);
    if (container == null) {
      return null;
    }
    if (message.startsWith("Liveness")) {
      return container.getLivenessProbe();
    }
    if (message.startsWith("Startup")) {
      return container.getStartupProbe();
    }
    return container.getReadinessProbe();
  }

  /** {@code spec.containers{app}} → {@code app}. */
  private static Optional<String> containerOf(Event event) {
    String path = event.getInvolvedObject() == null ? null : event.getInvolvedObject().getFieldPath();
    if (path == null || !path.contains("{") || !path.endsWith("}")) {
      return Optional.empty();
    }
    return Optional.of(path.substring(path.indexOf('{') + 1, path.length() - 1));
  }

  private static Optional<Container> container(Pod pod, String name) {
    if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
      return Optional.empty();
    }
    List<Container> containers = pod.getSpec().getContainers();
    return containers.stream().filter(c -> Objects.equals(c.getName(), name)).findFirst()
        .or(() -> containers.stream().findFirst());
  }

  private static Optional<String> memoryLimit(Pod pod, String containerName) {
    return container(pod, containerName)
        .map(Container::getResources)
        .map(r -> r.getLimits() == null ? null : r.getLimits().get("memory"))
        .map(RolloutDiagnosis::quantity);
  }

  static String quantity(Quantity quantity) {
    return quantity.getAmount() + (quantity.getFormat() == null ? "" : quantity.getFormat());
  }

  private static ContainerStateTerminated lastTermination(ContainerStatus status) {
    if (status.getState() != null && status.getState().getTerminated() != null) {
      return status.getState().getTerminated();
    }
    return status.getLastState() == null ? null : status.getLastState().getTerminated();
  }

  private static List<ContainerStatus> containerStatuses(Pod pod) {
    List<ContainerStatus> statuses = new ArrayList<>();
    if (pod.getStatus() != null) {
      if (pod.getStatus().getInitContainerStatuses() != null) {
        statuses.addAll(pod.getStatus().getInitContainerStatuses());
      }
      if (pod.getStatus().getContainerStatuses() != null) {
        statuses.addAll(pod.getStatus().getContainerStatuses());
      }
    }
    return statuses;
  }

  private static Optional<PodCondition> condition(Pod pod, String type) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** The rollout's pods that are not on their way out, oldest first. */
  static List<Pod> livePods(RolloutSnapshot snapshot) {
    return snapshot.pods().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .sorted(Comparator.comparing(p -> Objects.toString(p.getMetadata().getCreationTimestamp(), "")))
        .toList();
  }

  private static List<Event> eventsOf(RolloutSnapshot snapshot, HasMetadata object) {
    String uid = object.getMetadata().getUid();
    String name = object.getMetadata().getName();
    String kind = object.getKind();
    return snapshot.events().stream()
        .filter(e -> e.getInvolvedObject() != null)
        .filter(e -> uid != null && uid.equals(e.getInvolvedObject().getUid())
            || (kind != null && kind.equals(e.getInvolvedObject().getKind())
                && name.equals(e.getInvolvedObject().getName())))
        .toList();
  }

  private static Optional<Event> latest(List<Event> events, Predicate<Event> filter) {
    return events.stream().filter(filter).max(Comparator.comparing(RolloutDiagnosis::time));
  }

  private static String time(Event event) {
    if (event.getLastTimestamp() != null) {
      return event.getLastTimestamp();
    }
    if (event.getEventTime() != null && event.getEventTime().getTime() != null) {
      return event.getEventTime().getTime();
    }
    return Objects.toString(event.getFirstTimestamp(), "");
  }

  private static boolean observed(Deployment deployment) {
    if (deployment == null || deployment.getStatus() == null) {
      return false;
    }
    Long observed = deployment.getStatus().getObservedGeneration();
    Long generation = deployment.getMetadata().getGeneration();
    return observed != null && (generation == null || observed >= generation);
  }

  private static boolean progressDeadlineExceeded(Deployment deployment) {
    return observed(deployment) && deployment.getStatus().getConditions() != null
        && deployment.getStatus().getConditions().stream().anyMatch(c ->
            "Progressing".equals(c.getType()) && "False".equals(c.getStatus())
                && "ProgressDeadlineExceeded".equals(c.getReason()));
  }

  private static int desired(Deployment deployment) {
    return deployment.getSpec() == null || deployment.getSpec().getReplicas() == null
        ? 1 : deployment.getSpec().getReplicas();
  }

  private static int available(ReplicaSet replicaSet) {
    return replicaSet.getStatus() == null || replicaSet.getStatus().getAvailableReplicas() == null
        ? 0 : replicaSet.getStatus().getAvailableReplicas();
  }

  private static int ready(ReplicaSet replicaSet) {
    return replicaSet.getStatus() == null || replicaSet.getStatus().getReadyReplicas() == null
        ? 0 : replicaSet.getStatus().getReadyReplicas();
  }

  private static Map<String, String> annotations(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? Map.of() : annotations;
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getName();
  }

  static String format(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds < 1) {
      return duration.toMillis() + " ms";
    }
    return seconds + " s";
  }
}
