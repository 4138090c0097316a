package io.deploymcp.kube.apply;

/**
 * What one {@link ClusterApplier#remove} did.
 *
 * @param deleted how many of the service's top-level objects (Secret, Deployment, CronJob,
 *     Service, Ingress in either environment) it deleted; 0 when they were already gone
 * @param namespaceDeleted whether it deleted the project namespace because no service of the
 *     platform was left in it
 */
public record RemovalResult(int deleted, boolean namespaceDeleted) {}
