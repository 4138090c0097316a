package io.deploymcp.kube.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of objects a service has in its namespace: the ones the platform applies and the
 * ones controllers make from them. All carry the service's labels, so one label selector finds
 * a service's objects of any kind.
 */
enum ServiceObjectKind {
  INGRESS(Ingress.class, "networking.k8s.io/v1", "Ingress", true),
  SERVICE(Service.class, "v1", "Service", true),
  CRON_JOB(CronJob.class, "batch/v1", "CronJob", true),
  DEPLOYMENT(Deployment.class, "apps/v1", "Deployment", true),
  SECRET(Secret.class, "v1", "Secret", true),
  JOB(Job.class, "batch/v1", "Job", false),
  REPLICA_SET(ReplicaSet.class, "apps/v1", "ReplicaSet", false),
  POD(Pod.class, "v1", "Pod", false);

  /**
   * What the platform applies, in delete order: routes first (no traffic to a workload about
   * to go), workloads next, the env Secret last (a pod may still start and read it).
   */
  static final List<ServiceObjectKind> APPLIED =
      List.of(INGRESS, SERVICE, CRON_JOB, DEPLOYMENT, SECRET);

  final Class<? extends HasMetadata> type;
  final String apiVersion;
  final String kind;
  final boolean applied;

  ServiceObjectKind(
      Class<? extends HasMetadata> type, String apiVersion, String kind, boolean applied) {
    this.type = type;
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.applied = applied;
  }

  static Optional<ServiceObjectKind> of(String apiVersion, String kind) {
    for (ServiceObjectKind candidate : values()) {
      if (candidate.apiVersion.equals(apiVersion) && candidate.kind.equals(kind)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
