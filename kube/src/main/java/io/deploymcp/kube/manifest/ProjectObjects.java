package io.deploymcp.kube.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;

/**
 * The objects of one project namespace, as the platform wants them.
 *
 * @param namespace the namespace with ownership and Pod Security Admission labels
 * @param defaultDeny a policy that selects every pod for ingress and egress and allows nothing
 * @param ingressPolicy ingress from the same namespace and from the ingress controller
 * @param egressPolicy egress to the cluster DNS, the same namespace and the public internet
 * @param quota the ResourceQuota
 * @param limitRange the LimitRange
 */
public record ProjectObjects(
    Namespace namespace,
    NetworkPolicy defaultDeny,
    NetworkPolicy ingressPolicy,
    NetworkPolicy egressPolicy,
    ResourceQuota quota,
    LimitRange limitRange) {

  /**
   * The kinds {@link #all()} holds, for the worker's RBAC grant ({@link
   * io.deploymcp.kube.access.ClusterPermissions}); a test keeps the two in step.
   */
  public static final List<Class<? extends HasMetadata>> KINDS =
      List.of(Namespace.class, NetworkPolicy.class, ResourceQuota.class, LimitRange.class);

  /**
   * Everything in apply order: the namespace first (the rest lives in it), then the policies, so
   * no pod can start in the namespace before its network is closed.
   */
  public List<HasMetadata> all() {
    return List.of(namespace, defaultDeny, ingressPolicy, egressPolicy, quota, limitRange);
  }
}
