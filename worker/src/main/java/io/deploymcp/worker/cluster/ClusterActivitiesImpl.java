package io.deploymcp.worker.cluster;

import org.springframework.beans.factory.annotation.Autowired;
import io.deploymcp.worker.metrics.DeployMetrics;
import io.deploymcp.kube.apply.ApplyFailedException;
import io.deploymcp.kube.apply.ApplyResult;
import io.deploymcp.kube.apply.ClusterApplier;
import io.deploymcp.kube.apply.RemovalResult;
import io.deploymcp.kube.rollout.RolloutFailedException;
import io.deploymcp.kube.rollout.RolloutReport;
import io.deploymcp.kube.rollout.RolloutSupersededException;
import io.deploymcp.kube.rollout.RolloutWatcher;
import io.deploymcp.kube.spec.DeployEnvironment;
import io.deploymcp.kube.spec.ProjectRef;
import io.deploymcp.kube.spec.ServiceDeploymentSpec;
import io.deploymcp.kube.spec.ServiceKind;
import io.deploymcp.store.logs.LineMasker;
import io.deploymcp.workflows.FailureCodes;
import io.deploymcp.workflows.activities.ClusterActivities;
import io.deploymcp.workflows.activities.FailureDetail;
import io.deploymcp.worker.env.EnvValue;
import io.deploymcp.worker.env.ServiceEnv;
import io.deploymcp.worker.failure.ActivityFailures;
import io.deploymcp.worker.failure.WorkerFailureCodes;
import io.deploymcp.worker.record.RolloutEvents;
import io.deploymcp.worker.temporal.ActivityHeartbeat;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies a deployment to the cluster by server-side apply, watches its rollout and explains
 * a failed one, and removes a deleted service's objects. Env values are decrypted here, handed
 * to the Secret, and never logged or returned.
 */
@Component("clusterActivities")
public class ClusterActivitiesImpl implements ClusterActivities {
  private static final Logger log = LoggerFactory.getLogger(ClusterActivitiesImpl.class);
  static final String NOT_CONFIGURED_HINT =
      "Set KUBECONFIG on the worker to a kubeconfig for the k3s cluster (or run the worker in"
          + " the cluster) and redeploy.";
  static final String SUPERSEDED = "SUPERSEDED";

  static final String PROJECT_BUSY_HINT =
      "Another operation on this project's namespace (a service of the project being deleted)"
          + " took longer than usual; deploy again in a minute.";
  /**
   * How long an apply waits for its project's lock: a removal holds it for at most the removal
   * timeout (2 min by default), and the apply activity has 2 min in all, so it gives up in time to
   * fail with a clear code and be retried by the workflow.
   */
  static final Duration APPLY_LOCK_WAIT = Duration.ofSeconds(90);
  /** A removal waits longer: an apply holds the lock for at most its 2 min, and a delete must happen. */
  static final Duration REMOVE_LOCK_WAIT = Duration.ofMinutes(2);
  private final Cluster cluster;
  private final ClusterInputsRepository inputs;
  private final ServiceEnv env;
  private final ProjectLocks locks;
  private final RolloutEvents rolloutEvents;
  private final DeployMetrics metrics;

  /** Counts into a registry of its own: for tests that build the activities by hand. */
  public ClusterActivitiesImpl(
      Cluster cluster, ClusterInputsRepository inputs, ServiceEnv env, ProjectLocks locks,
      RolloutEvents rolloutEvents) {
    this(cluster, inputs, env, locks, rolloutEvents, DeployMetrics.unregistered());
  }

  @Autowired
  public ClusterActivitiesImpl(
      Cluster cluster,
      ClusterInputsRepository inputs,
      ServiceEnv env,
      ProjectLocks locks,
      RolloutEvents rolloutEvents,
      DeployMetrics metrics) {
    this.metrics = metrics;
    this.cluster = cluster;
    this.inputs = inputs;
    this.env = env;
    this.locks = locks;
    this.rolloutEvents = rolloutEvents;
  }

  @Override
  public void apply(UUID deploymentId, String imageRef) {
    // The whole activity heartbeats: a cold client on a busy machine must not look like a dead
    // worker, and a retry must never apply while this attempt still does.
    metrics.timed(
        DeployMetrics.Phase.APPLY,
        () ->
            ActivityHeartbeat.during(
                "applying",
                () -> {
                  applyObjects(deploymentId, imageRef);
                  return null;
                }));
  }

  private void applyObjects(UUID deploymentId, String imageRef) {
    Cluster.Connected connected = connected();
    ClusterInputs in = inputs.load(deploymentId);
    ServiceDeploymentSpec spec = spec(in, deploymentId, imageRef);
    List<EnvValue> values = env.load(in.serviceId());
    Map<String, String> envMap = new LinkedHashMap<>();
    values.forEach(v -> envMap.put(v.key(), v.value()));
    // The fence: a deployment superseded or cancelled meanwhile changes nothing more, so an
    // older image is never applied after a newer one.
    Runnable fence =
        () -> {
          if (!inputs.isCurrent(deploymentId)) {
            throw ApplicationFailure.newNonRetryableFailure(
                "deployment " + deploymentId + " is no longer current", SUPERSEDED);
          }
        };
    ApplyResult result;
    try {
      // The project's lock: a removal of the project's last service cannot delete the namespace
      // between our namespace and our service objects, and we never write into a namespace
      // being deleted. Held for the apply only, not for the rollout watch.
      result =
          locks.withLock(
              spec.project().namespace(),
              APPLY_LOCK_WAIT,
              ClusterActivitiesImpl::heartbeat,
              () ->
                  new ClusterApplier(connected.client(), connected.settings())
                      .apply(spec.project(), spec, envMap, fence));
    } catch (ProjectLocks.BusyException e) {
      throw ActivityFailures.transientFailure(
          WorkerFailureCodes.KUBERNETES_PROJECT_BUSY, e.getMessage(), PROJECT_BUSY_HINT);
    } catch (ApplyFailedException e) {
      // The kube module leaves server text out for Secrets; values never reach the message.
      String message = "applying " + e.object() + " failed: " + e.getMessage();
      String hint =
          e.retryable()
              ? "The cluster did not take the object now; the deploy retries on its own."
              : "The cluster refused the object: an operator finds the cause in the worker log.";
      throw e.retryable()
          ? ActivityFailures.transientFailure(WorkerFailureCodes.KUBERNETES_APPLY_FAILED, message, hint)
          : ActivityFailures.permanent(WorkerFailureCodes.KUBERNETES_APPLY_FAILED, message, hint);
    }
    log.info(
        "deployment {}: applied {} objects to {} ({} changed)",
        deploymentId,
        result.objects(),
        spec.project().namespace(),
        result.changed());
  }

  @Override
  public void awaitRollout(UUID deploymentId) {
    // The watch heartbeats its progress once a second (how a cancel reaches it); the ticker
    // covers what comes before the watch starts.
    metrics.timed(
        DeployMetrics.Phase.ROLLOUT,
        () ->
            ActivityHeartbeat.during(
                "watching the rollout",
                () -> {
                  watchRollout(deploymentId);
                  return null;
                }));
  }

  private void watchRollout(UUID deploymentId) {
    Cluster.Connected connected = connected();
    ClusterInputs in = inputs.load(deploymentId);
    ServiceDeploymentSpec spec = spec(in, deploymentId, inputs.imageOf(deploymentId));
    List<String> secrets = env.load(in.serviceId()).stream().map(EnvValue::value).toList();
    LineMasker masker = LineMasker.of(secrets);
    RolloutEvents.Recorder events = rolloutEvents.recorder(deploymentId, masker::mask);
    try {
      RolloutReport report =
          new RolloutWatcher(connected.client())
              .watch(spec.project(), spec, connected.rolloutTimeout(), progress -> {
                heartbeat(masker.mask(progress.status()));
                // After the heartbeat, so a cancelled deploy stops before it records more.
                events.record(progress);
              });
      log.info(
          "deployment {}: rollout available ({}/{} ready) in {} ms",
          deploymentId,
          report.readyReplicas(),
          report.desiredReplicas(),
          report.took().toMillis());
    } catch (RolloutSupersededException e) {
      // A newer deployment took the Deployment over: this one stops; its row is already final.
      throw ApplicationFailure.newNonRetryableFailure(masker.mask(e.getMessage()), SUPERSEDED);
    } catch (RolloutFailedException e) {
      String message = masker.mask(e.evidence() != null ? e.evidence() : e.getMessage());
      log.info("deployment {}: rollout failed: {} {}", deploymentId, e.code(), message);
      throw ApplicationFailure.newNonRetryableFailure(
          message,
          e.code().name(),
          new FailureDetail(masker.mask(e.hint()), e.logTail() == null ? null : masker.mask(e.logTail())));
    }
  }

  @Override
  public void removeService(UUID serviceId) {
    // A removal waits on watches for up to its timeout, longer than the heartbeat timeout.
    ActivityHeartbeat.during(
        "removing service",
        () -> {
          removeObjects(serviceId);
          return null;
        });
  }

  private void removeObjects(UUID serviceId) {
    if (!cluster.isConfigured()) {
      log.info(
          "service {}: no Kubernetes is configured, so nothing of it can be running; nothing"
              + " to remove",
          serviceId);
      return;
    }
    Cluster.Connected connected = connected();
    var names = inputs.names(serviceId);
    if (names.isEmpty()) {
      log.info("service {}: no such service; nothing to remove", serviceId);
      return;
    }
    ProjectRef project = new ProjectRef(names.get().tenant(), names.get().project());
    String service = names.get().service();
    // The project's lock around deleting the objects, deleting the namespace if this was the
    // last service, and waiting until it is gone: a first deploy of another service of the
    // project waits meanwhile and then creates the namespace afresh. A deploy of this service
    // that holds the lock first finishes its apply, and this removal then takes it all away; one
    // that comes after finds its deployment cancelled (the delete workflow cancels before it
    // removes) and its fence stops it before it writes anything.
    RemovalResult result =
        locks.withLock(
            project.namespace(),
            REMOVE_LOCK_WAIT,
            ClusterActivitiesImpl::heartbeat,
            () ->
                new ClusterApplier(connected.client(), connected.settings())
                    .remove(project, service, connected.removeTimeout()));
    log.info(
        "service {}: removed {} objects{}",
        serviceId,
        result.deleted(),
        result.namespaceDeleted() ? " and its project's namespace" : "");
  }

  private Cluster.Connected connected() {
    if (!cluster.isConfigured()) {
      throw ActivityFailures.permanent(
          FailureCodes.KUBERNETES_NOT_CONFIGURED, "no Kubernetes cluster is configured", NOT_CONFIGURED_HINT);
    }
    return cluster.connect();
  }

  private static ServiceDeploymentSpec spec(ClusterInputs in, UUID deploymentId, String imageRef) {
    return new ServiceDeploymentSpec(
        new ProjectRef(in.tenantName(), in.projectName()),
        in.serviceName(),
        ServiceKind.fromWireName(in.kind()),
        in.schedule(),
        in.port(),
        in.cpuMillis(),
        in.memoryMib(),
        in.healthCheckPath(),
        DeployEnvironment.fromWireName(in.environment()),
        imageRef,
        deploymentId.toString(),
        in.commitSha());
  }

  private static void heartbeat(String status) {
    try {
      Activity.getExecutionContext().heartbeat(status);
    } catch (IllegalStateException notAnActivity) {
      // Called directly (tests): nobody to tell.
    }
  }

}
