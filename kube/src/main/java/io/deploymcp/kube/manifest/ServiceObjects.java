package io.deploymcp.kube.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The objects of one service in one environment, as the platform wants them. Holds the env
 * values (in the Secret): never log it, put it in an exception or return it from an activity.
 *
 * @param envSecret the env values
 * @param workload a Deployment (web, worker) or a CronJob (cron)
 * @param service the Service of a web service
 * @param ingress the Ingress of a web service
 * @param obsolete objects of the other kinds under this environment's names, which must not
 *     exist (left over when a service changed kind, e.g. the Ingress of a former web service)
 */
public record ServiceObjects(
    Secret envSecret,
    HasMetadata workload,
    Optional<Service> service,
    Optional<Ingress> ingress,
    List<ObjectKey> obsolete) {

  /**
   * The kinds {@link #all()} may hold for any service kind and environment, for the worker's
   * RBAC grant ({@link io.deploymcp.kube.access.ClusterPermissions}); a test keeps the two in
   * step.
   */
  public static final List<Class<? extends HasMetadata>> KINDS =
      List.of(Secret.class, Deployment.class, CronJob.class, Service.class, Ingress.class);

  public ServiceObjects {
    if (!(workload instanceof Deployment) && !(workload instanceof CronJob)) {
      throw new IllegalArgumentException("workload is a Deployment or a CronJob");
    }
    obsolete = List.copyOf(obsolete);
  }

  /** The Deployment of a web or worker service. */
  public Optional<Deployment> deployment() {
    return workload instanceof Deployment d ? Optional.of(d) : Optional.empty();
  }

  /** The CronJob of a cron service. */
  public Optional<CronJob> cronJob() {
    return workload instanceof CronJob c ? Optional.of(c) : Optional.empty();
  }

  /**
   * Everything in apply order: the Secret before the workload that reads it, the Service before
   * the Ingress that routes to it.
   */
  public List<HasMetadata> all() {
    List<HasMetadata> all = new ArrayList<>();
    all.add(envSecret);
    all.add(workload);
    service.ifPresent(all::add);
    ingress.ifPresent(all::add);
    return List.copyOf(all);
  }

  @Override
  public String toString() {
    // The record's generated toString would print the Secret's data.
    return "ServiceObjects[" + workload.getKind() + " " + workload.getMetadata().getName() + "]";
  }
}
