package io.deploymcp.kubestandin.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * What the kubelet stand-in knows about one pod it "runs": scheduling, the IP, and per
 * container its behaviour, state, last state and restart count. {@link #status} turns that
 * into the PodStatus a kubelet would report. Confined to the kubelet stand-in's thread.
 */
final class PodRun {

  /** One container of the pod. */
  static final class ContainerRun {
    final Container spec;
    final PodBehaviour behaviour;
    ContainerState state = waiting("ContainerCreating", null);
    ContainerState lastState = new ContainerState();
    int restartCount;
    boolean ready;
    boolean everStarted;
    String containerId;
    String startedAt;

    ContainerRun(Container spec, PodBehaviour behaviour) {
      this.spec = spec;
      this.behaviour = behaviour;
    }

    String name() {
      return spec.getName();
    }

    String image() {
      return spec.getImage();
    }

    String fieldPath() {
      return "spec.containers{" + spec.getName() + "}";
    }
  }

  private record ConditionTime(String status, String time) {}

  final Pod pod;
  final List<ContainerRun> containers = new ArrayList<>();
  final List<Future<?>> timers = new ArrayList<>();
  private final Map<String, ConditionTime> conditionTimes = new HashMap<>();
  String unschedulable;
  boolean scheduled;
  String podIp;
  String startTime;
  String lastWritten;

  PodRun(Pod pod) {
    this.pod = pod;
  }

  String namespace() {
    return pod.getMetadata().getNamespace();
  }

  String name() {
    return pod.getMetadata().getName();
  }

  String uid() {
    return pod.getMetadata().getUid();
  }

  static ContainerState waiting(String reason, String message) {
    return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build();
  }

  static ContainerState running(String startedAt) {
    return new ContainerStateBuilder().withNewRunning().withStartedAt(startedAt).endRunning().build();
  }

  static ContainerState terminated(int exitCode, String reason, String startedAt, String finishedAt,
      String containerId) {
    return new ContainerStateBuilder().withNewTerminated()
        .withExitCode(exitCode).withReason(reason).withStartedAt(startedAt).withFinishedAt(finishedAt)
        .withContainerID(containerId)
        .endTerminated().build();
  }

  PodStatus status(Instant now) {
    PodStatusBuilder status = new PodStatusBuilder().withQosClass(qosClass());
    if (!scheduled) {
      return status.withPhase("Pending")
          .withConditions(condition("PodScheduled", "False", "Unschedulable", unschedulable, now))
          .build();
    }
    boolean allReady = containers.stream().allMatch(c -> c.ready);
    boolean allStarted = containers.stream().allMatch(c -> c.everStarted);
    List<String> unready = containers.stream().filter(c -> !c.ready).map(ContainerRun::name).toList();
    String notReadyMessage = "containers with unready status: [" + String.join(" ", unready) + "]";
    List<PodCondition> conditions = List.of(
        condition("PodReadyToStartContainers", "True", null, null, now),
        condition("Initialized", "True", null, null, now),
        allReady ? condition("Ready", "True", null, null, now)
            : condition("Ready", "False", "ContainersNotReady", notReadyMessage, now),
        allReady ? condition("ContainersReady", "True", null, null, now)
            : condition("ContainersReady", "False", "ContainersNotReady", notReadyMessage, now),
        condition("PodScheduled", "True", null, null, now));
    List<ContainerStatus> statuses = new ArrayList<>();
    for (ContainerRun c : containers) {
      statuses.add(new ContainerStatusBuilder()
          .withName(c.name())
          .withImage(c.image())
          .withImageID(c.everStarted ? imageId(c.image()) : "")
          .withContainerID(c.containerId)
          .withReady(c.ready)
          .withStarted(c.state.getRunning() != null)
          .withRestartCount(c.restartCount)
          .withState(c.state)
          .withLastState(c.lastState)
          .build());
    }
    return status
        .withPhase(allStarted ? "Running" : "Pending")
        .withConditions(conditions)
        .withHostIP(KubeletStandIn.NODE_IP)
        .withPodIP(podIp)
        .withPodIPs(new PodIP(podIp))
        .withStartTime(startTime)
        .withContainerStatuses(statuses)
        .build();
  }

  private PodCondition condition(String type, String status, String reason, String message, Instant now) {
    ConditionTime previous = conditionTimes.get(type);
    String time = previous != null && previous.status().equals(status) ? previous.time() : Times.format(now);
    conditionTimes.put(type, new ConditionTime(status, time));
    return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastTransitionTime(time).withLastProbeTime(null).build();
  }

  /** An image by digest keeps it; a tag gets a made-up digest of its name. */
  private static String imageId(String image) {
    if (image != null && image.contains("@sha256:")) {
      return image;
    }
    String name = image == null ? "" : image;
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return name + "@sha256:" + java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private String qosClass() {
    boolean any = false;
    boolean guaranteed = true;
    for (Container c : pod.getSpec().getContainers()) {
      ResourceRequirements r = c.getResources();
      Map<String, Quantity> requests = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
      Map<String, Quantity> limits = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
      any |= !requests.isEmpty() || !limits.isEmpty();
      Map<String, Quantity> effectiveRequests = new LinkedHashMap<>(limits);
      effectiveRequests.putAll(requests); // requests default to limits
      for (String resource : List.of("cpu", "memory")) {
        Quantity limit = limits.get(resource);
        Quantity request = effectiveRequests.get(resource);
        if (limit == null || request == null || limit.getNumericalAmount().compareTo(request.getNumericalAmount()) != 0) {
          guaranteed = false;
        }
      }
    }
    return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
  }
}
