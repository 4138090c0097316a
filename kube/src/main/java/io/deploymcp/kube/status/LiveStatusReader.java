package io.deploymcp.kube.status;

import io.deploymcp.kube.access.ResourceAccess;
import io.deploymcp.kube.access.Verb;
import io.deploymcp.kube.manifest.Labels;
import io.deploymcp.kube.naming.ServiceObjectNames;
import io.deploymcp.kube.spec.DeployEnvironment;
import io.deploymcp.kube.spec.ProjectRef;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a service's live state in both environments from the cluster: each Deployment's replica
 * counts and its pods with phase, readiness, restarts and, for an unhealthy pod, a short reason.
 * It finds exactly what {@link io.deploymcp.kube.apply.ClusterApplier} applied: the objects
 * labelled {@code app.kubernetes.io/managed-by=deploy-mcp, dp.ml.ink/service=<service>} in the
 * project's namespace, told apart by their {@code app} label ({@link ServiceObjectNames}).
 *
 * <p>Two API requests for both environments (a Deployment list and a Pod list), whatever the
 * number of pods, so a status read is cheap enough to do on every (cached) GET.
 */
public final class LiveStatusReader {

  /** The calls {@link #read} makes, for the API's RBAC grant: one Deployment and one Pod list. */
  public static final List<ResourceAccess> CLUSTER_CALLS = List.of(
      ResourceAccess.of(Deployment.class, Verb.LIST),
      ResourceAccess.of(Pod.class, Verb.LIST));

  /** Newest first by creation time (RFC 3339 strings sort by time), then by name. */
  static final Comparator<Pod> NEWEST_FIRST =
      Comparator.comparing(
              (Pod p) -> Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), ""))
          .reversed()
          .thenComparing(p -> p.getMetadata().getName());

  private final KubernetesClient client;
  private final Clock clock;

  public LiveStatusReader(KubernetesClient client, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Both environments of {@code service}; an environment without a Deployment is {@code
   * deployed=false} (with any pods still carrying its label, e.g. a cron job's).
   *
   * @throws io.fabric8.kubernetes.client.KubernetesClientException the cluster could not be read
   */
  public Map<DeployEnvironment, WorkloadState> read(ProjectRef project, String service) {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(service, "service");
    String namespace = project.namespace();
    Map<String, String> selector = Map.of(Labels.MANAGED_BY, Labels.MANAGER, Labels.SERVICE, service);
    List<Deployment> deployments =
        client.apps().deployments().inNamespace(namespace).withLabels(selector).list().getItems();
    List<Pod> pods = client.pods().inNamespace(namespace).withLabels(selector).list().getItems();
    var observedAt = clock.instant();

    Map<DeployEnvironment, WorkloadState> states = new EnumMap<>(DeployEnvironment.class);
    for (DeployEnvironment environment : DeployEnvironment.values()) {
      String workload = ServiceObjectNames.of(service, environment).workload();
      Deployment deployment = deployments.stream()
          .filter(d -> workload.equals(d.getMetadata().getName()))
          .findFirst()
          .orElse(null);
      List<PodState> podStates = pods.stream()
          .filter(p -> workload.equals(label(p, Labels.APP)))
          .sorted(NEWEST_FIRST)
          .map(LiveStatusReader::podState)
          .toList();
      states.put(environment, workloadState(environment, namespace, workload, deployment, podStates, observedAt));
    }
    return states;
  }

  private static WorkloadState workloadState(
      DeployEnvironment environment,
      String namespace,
      String workload,
      Deployment deployment,
      List<PodState> pods,
      java.time.Instant observedAt) {
    if (deployment == null) {
      return new WorkloadState(environment, namespace, workload, false, 0, 0, 0, 0, null, pods, observedAt);
    }
    DeploymentStatus status = deployment.getStatus();
    Integer desired = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
    var annotations = deployment.getMetadata().getAnnotations();
    return new WorkloadState(
        environment,
        namespace,
        workload,
        true,
        // An absent spec.replicas means the API server's default, 1.
        desired == null ? 1 : desired,
        status == null ? 0 : zeroIfNull(status.getReadyReplicas()),
        status == null ? 0 : zeroIfNull(status.getUpdatedReplicas()),
        status == null ? 0 : zeroIfNull(status.getAvailableReplicas()),
        annotations == null ? null : annotations.get(Labels.ANNOTATION_DEPLOYMENT_ID),
        pods,
        observedAt);
  }

  /** The state of one pod, with the most telling reason when it is not running and ready. */
  static PodState podState(Pod pod) {
    var status = pod.getStatus();
    String phase = status == null || status.getPhase() == null ? "Unknown" : status.getPhase();
    List<ContainerStatus> containers = new ArrayList<>();
    if (status != null && status.getContainerStatuses() != null) {
      containers.addAll(status.getContainerStatuses());
    }
    int restarts = containers.stream().mapToInt(c -> zeroIfNull(c.getRestartCount())).sum();
    boolean ready = !containers.isEmpty()
        && containers.stream().allMatch(c -> Boolean.TRUE.equals(c.getReady()));

    String reason = null;
    for (ContainerStatus c : containers) {
      String current = currentReason(c.getState());
      if (current != null) {
        reason = current;
        break;
      }
    }
    if (reason == null && status != null) {
      reason = conditionReason(status.getConditions(), "PodScheduled");
    }
    if (reason == null && status != null && ("Failed".equals(phase) || "Unknown".equals(phase))) {
      reason = status.getReason() == null ? phase : status.getReason();
    }
    if (reason == null && !ready && !"Succeeded".equals(phase)) {
      String notReady = status == null ? null : conditionReason(status.getConditions(), "Ready");
      reason = notReady == null ? (containers.isEmpty() ? "ContainerCreating" : "ContainersNotReady") : notReady;
    }

    String lastReason = null;
    Integer lastExit = null;
    for (ContainerStatus c : containers) {
      var last = c.getLastState() == null ? null : c.getLastState().getTerminated();
      if (last != null) {
        lastReason = last.getReason() == null ? "Terminated" : last.getReason();
        lastExit = last.getExitCode();
        break;
      }
    }
    return new PodState(pod.getMetadata().getName(), phase, ready, restarts, reason, lastReason, lastExit);
  }

  /** A waiting container's reason, or a terminated one's; null while it runs. */
  private static String currentReason(ContainerState state) {
    if (state == null) {
      return null;
    }
    if (state.getWaiting() != null) {
      return state.getWaiting().getReason() == null ? "Waiting" : state.getWaiting().getReason();
    }
    if (state.getTerminated() != null) {
      return state.getTerminated().getReason() == null ? "Terminated" : state.getTerminated().getReason();
    }
    return null;
  }

  /** The reason of condition {@code type} when it is not True. */
  private static String conditionReason(List<PodCondition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    for (PodCondition condition : conditions) {
      if (type.equals(condition.getType()) && !"True".equals(condition.getStatus())) {
        return condition.getReason() == null ? type + "False" : condition.getReason();
      }
    }
    return null;
  }

  private static String label(Pod pod, String key) {
    var labels = pod.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }

  private static int zeroIfNull(Integer value) {
    return value == null ? 0 : value;
  }
}
