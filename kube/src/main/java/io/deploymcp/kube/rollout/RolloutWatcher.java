package io.deploymcp.kube.rollout;

import io.deploymcp.kube.InvalidKubeInputException;
import io.deploymcp.kube.access.ResourceAccess;
import io.deploymcp.kube.access.Verb;
import io.deploymcp.kube.manifest.Labels;
import io.deploymcp.kube.naming.ServiceObjectNames;
import io.deploymcp.kube.spec.ProjectRef;
import io.deploymcp.kube.spec.ServiceDeploymentSpec;
import io.deploymcp.kube.spec.ServiceKind;
import io.deploymcp.kube.status.PodLogRequest;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches one rollout until the new version is available or has failed, and explains a
 * failure. Four informers — the Deployment, this deployment's ReplicaSet and Pods (by the
 * deployment-id pod label the manifests set) and the namespace's Events — wake the evaluation
 * whenever something changes; between changes the only timer is the progress callback's
 * once-a-second tick, which reads the informers' caches and makes no API call. The only calls
 * besides the watches: one log read of the crashed container when a crash is diagnosed.
 */
public final class RolloutWatcher {

  /**
   * The calls {@link #await} makes, for the worker's RBAC grant: the four informers (list, then
   * watch) and the crashed container's previous log.
   */
  public static final List<ResourceAccess> CLUSTER_CALLS = List.of(
      ResourceAccess.of(Deployment.class, Verb.LIST, Verb.WATCH),
      ResourceAccess.of(ReplicaSet.class, Verb.LIST, Verb.WATCH),
      ResourceAccess.of(Pod.class, Verb.LIST, Verb.WATCH),
      ResourceAccess.of(Event.class, Verb.LIST, Verb.WATCH),
      ResourceAccess.ofSubresource(Pod.class, "log", Verb.GET));

  /** How many log lines of the crashed instance a CRASH_LOOP carries. */
  static final int LOG_LINES = 50;
  /** At most this much of them (the tail), to keep the workflow history small. */
  static final int LOG_MAX_CHARS = 16 * 1024;
  private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final KubernetesClient client;

  public RolloutWatcher(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /**
   * Waits until the spec's Deployment has rolled out this deployment's pods (its new ReplicaSet
   * has every replica available) or has failed, calling {@code progress} about once a second
   * with a short status such as {@code 0/1 new pods ready; pod api-7c9-x2k4q: Running, app
   * running, not ready}. If {@code progress} throws (an activity heartbeat told of a
   * cancellation), the wait stops and the exception is rethrown. A cron service has nothing to
   * await: it returns at once.
   *
   * @throws RolloutFailedException the rollout failed or ran out of time; the previous version
   *     is still serving
   * @throws RolloutSupersededException a newer deployment took the Deployment over, or it is gone
   */
  public RolloutReport await(
      ProjectRef project, ServiceDeploymentSpec spec, Duration timeout, Consumer<String> progress) {
    Objects.requireNonNull(progress, "progress");
    return watch(project, spec, timeout, p -> progress.accept(p.status()));
  }

  /**
   * {@link #await} with the progress as counts and pods rather than a line, for a caller that
   * records rollout progress as data (the worker's deployment events).
   */
  public RolloutReport watch(
      ProjectRef project, ServiceDeploymentSpec spec, Duration timeout, Consumer<RolloutProgress> progress) {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(progress, "progress");
    if (!project.equals(spec.project())) {
      throw new InvalidKubeInputException(
          "project",
          "the spec is for namespace " + spec.project().namespace() + ", not " + project.namespace());
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new InvalidKubeInputException("timeout", "must be positive");
    }
    long start = System.nanoTime();
    if (spec.kind() == ServiceKind.CRON) {
      return new RolloutReport(0, 0, Duration.ZERO);
    }
    String namespace = project.namespace();
    String workload = ServiceObjectNames.of(spec).workload();
    Map<String, String> rolloutPods =
        Map.of(Labels.APP, workload, Labels.DEPLOYMENT_ID, spec.deploymentId());

    Semaphore changed = new Semaphore(0);
    ResourceEventHandler<Object> wake = new Wake(changed);
    List<SharedIndexInformer<?>> informers = new ArrayList<>();
    try {
      SharedIndexInformer<Deployment> deployments =
          started(informers, client.apps().deployments().inNamespace(namespace).withName(workload)
              .inform(wake));
      SharedIndexInformer<ReplicaSet> replicaSets =
          started(informers, client.apps().replicaSets().inNamespace(namespace)
              .withLabels(rolloutPods).inform(wake));
      SharedIndexInformer<Pod> pods =
          started(informers, client.pods().inNamespace(namespace).withLabels(rolloutPods).inform(wake));
      SharedIndexInformer<Event> events =
          started(informers, client.v1().events().inNamespace(namespace).inform(wake));
      informers.forEach(i -> i.stopped().whenComplete((ignored, error) -> changed.release()));

      long deadline = start + timeout.toNanos();
      long nextProgress = start;
      while (true) {
        failIfStopped(informers);
        RolloutSnapshot snapshot = snapshot(deployments, replicaSets, pods, events);
        RolloutProgress status;
        switch (RolloutDiagnosis.evaluate(spec, snapshot)) {
          case RolloutDiagnosis.Available available -> {
            return new RolloutReport(available.ready(), available.desired(),
                Duration.ofNanos(System.nanoTime() - start));
          }
          case RolloutDiagnosis.Failed failed -> throw failure(namespace, failed.finding());
          case RolloutDiagnosis.Superseded superseded ->
              throw new RolloutSupersededException(superseded.message(), superseded.by());
          case RolloutDiagnosis.Waiting waiting -> status = waiting.progress();
        }
        long now = System.nanoTime();
        if (now - deadline >= 0) {
          throw failure(namespace, RolloutDiagnosis.timedOut(spec, snapshot, timeout));
        }
        if (now - nextProgress >= 0) {
          progress.accept(status);
          nextProgress = System.nanoTime() + PROGRESS_EVERY_NANOS;
        }
        long sleep = Math.min(deadline, nextProgress) - System.nanoTime();
        if (sleep > 0 && changed.tryAcquire(sleep, TimeUnit.NANOSECONDS)) {
          changed.drainPermits(); // a burst of changes needs one evaluation
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while awaiting the rollout of " + workload);
    } finally {
      informers.forEach(SharedIndexInformer::close);
    }
  }

  private static <T> SharedIndexInformer<T> started(
      List<SharedIndexInformer<?>> informers, SharedIndexInformer<T> informer) {
    informers.add(informer);
    return informer;
  }

  private static void failIfStopped(List<SharedIndexInformer<?>> informers) {
    for (SharedIndexInformer<?> informer : informers) {
      var stopped = informer.stopped().toCompletableFuture();
      if (stopped.isCompletedExceptionally()) {
        Throwable cause = stopped.exceptionNow();
        throw cause instanceof KubernetesClientException k
            ? k
            : new KubernetesClientException("a watch of the rollout stopped", cause);
      }
      if (stopped.isDone()) {
        throw new KubernetesClientException("a watch of the rollout stopped");
      }
    }
  }

  private static RolloutSnapshot snapshot(
      SharedIndexInformer<Deployment> deployments,
      SharedIndexInformer<ReplicaSet> replicaSets,
      SharedIndexInformer<Pod> pods,
      SharedIndexInformer<Event> events) {
    Deployment deployment = deployments.getStore().list().stream().findFirst().orElse(null);
    String owner = deployment == null ? null : deployment.getMetadata().getUid();
    List<ReplicaSet> candidates = replicaSets.getStore().list();
    // The ReplicaSet of this pod template that the current Deployment controls (an earlier
    // Deployment of the same name may have left one behind).
    ReplicaSet replicaSet = candidates.stream()
        .filter(rs -> controlledBy(rs.getMetadata().getOwnerReferences(), owner))
        .findFirst()
        .orElse(null);
    return new RolloutSnapshot(deployment, replicaSet, pods.getStore().list(), events.getStore().list());
  }

  private static boolean controlledBy(List<OwnerReference> owners, String uid) {
    return uid != null && owners != null && owners.stream()
        .anyMatch(o -> uid.equals(o.getUid()) && Boolean.TRUE.equals(o.getController()));
  }

  /** The failure, with the crashed container's previous log for CRASH_LOOP and OOM_KILLED. */
  private RolloutFailedException failure(String namespace, RolloutDiagnosis.Finding finding) {
    String logTail = "";
    if (finding.logPod() != null) {
      logTail = previousLog(namespace, finding.logPod(), finding.logContainer(), finding.fallbackLog());
    }
    return new RolloutFailedException(
        finding.code(), finding.evidence(), finding.hintWith(logTail), logTail);
  }

  private String previousLog(String namespace, String pod, String container, String fallback) {
    String log;
    try {
      log = new PodLogRequest(namespace, pod, container, true, LOG_LINES).read(client);
    } catch (KubernetesClientException e) {
      // Gone already, or the kubelet no longer has the previous instance: its termination
      // message holds the end of its output (terminationMessagePolicy FallbackToLogsOnError).
      log = fallback == null ? "" : fallback;
    }
    return tail(log);
  }

  static String tail(String log) {
    List<String> lines = Arrays.asList(log.split("\r?\n", -1));
    if (!lines.isEmpty() && lines.getLast().isEmpty()) {
      lines = lines.subList(0, lines.size() - 1);
    }
    if (lines.size() > LOG_LINES) {
      lines = lines.subList(lines.size() - LOG_LINES, lines.size());
    }
    String joined = String.join("\n", lines);
    return joined.length() > LOG_MAX_CHARS ? joined.substring(joined.length() - LOG_MAX_CHARS) : joined;
  }

  /** Every change of any watched object wakes the evaluation. */
  private record Wake(Semaphore changed) implements ResourceEventHandler<Object> {
    @Override
    public void onAdd(Object obj) {
      changed.release();
    }

    @Override
    public void onUpdate(Object oldObj, Object newObj) {
      changed.release();
    }

    @Override
    public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
      changed.release();
    }
  }
}
