package io.deploymcp.kube.apply;

import io.deploymcp.kube.InvalidKubeInputException;
import io.deploymcp.kube.access.ResourceAccess;
import io.deploymcp.kube.access.Verb;
import io.deploymcp.kube.manifest.ProjectObjects;
import io.deploymcp.kube.manifest.Labels;
import io.deploymcp.kube.manifest.ObjectKey;
import io.deploymcp.kube.manifest.ProjectManifests;
import io.deploymcp.kube.manifest.ServiceManifests;
import io.deploymcp.kube.manifest.ServiceObjects;
import io.deploymcp.kube.naming.DnsNames;
import io.deploymcp.kube.podsecurity.PodSecurityRestrictedCheck;
import io.deploymcp.kube.settings.ClusterSettings;
import io.deploymcp.kube.spec.ProjectRef;
import io.deploymcp.kube.spec.ServiceDeploymentSpec;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Puts a service's objects on the cluster and takes them off again. Every write is a
 * server-side apply with the settings' one field manager, forcing conflicts for the fields it
 * applies: the applied configuration is the whole truth about those fields, a second applier
 * (another worker replica) converges to the same state, and fields other managers own (status,
 * a controller's annotations) are left alone. No "exists?" branches: apply creates or updates.
 */
public final class ClusterApplier {

  /**
   * The Kubernetes API calls {@link #apply} and {@link #remove} make, for the worker's RBAC
   * grant ({@link io.deploymcp.kube.access.ClusterPermissions}): apply reads each project and
   * service object (get) and server-side applies it (patch, plus create when the object is new:
   * the API server authorizes that separately); an obsolete object is read and deleted; removal
   * is {@link ServiceRemover}'s.
   */
  public static final List<ResourceAccess> CLUSTER_CALLS = clusterCalls();

  private static List<ResourceAccess> clusterCalls() {
    List<ResourceAccess> calls = new ArrayList<>();
    for (var kind : ProjectObjects.KINDS) {
      calls.add(ResourceAccess.of(kind, Verb.GET, Verb.PATCH, Verb.CREATE));
    }
    for (var kind : ServiceObjects.KINDS) {
      calls.add(ResourceAccess.of(kind, Verb.GET, Verb.PATCH, Verb.CREATE));
    }
    for (ServiceObjectKind kind : ServiceObjectKind.APPLIED) {
      calls.add(ResourceAccess.of(kind.type, Verb.GET, Verb.DELETE));
    }
    calls.addAll(ServiceRemover.CLUSTER_CALLS);
    return List.copyOf(calls);
  }

  private final KubernetesClient client;
  private final ClusterSettings settings;
  private final ProjectManifests projectManifests;
  private final ServiceManifests serviceManifests;
  private final PodSecurityRestrictedCheck podSecurity;
  private final ServiceRemover remover;

  public ClusterApplier(KubernetesClient client, ClusterSettings settings) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.projectManifests = new ProjectManifests(settings);
    this.serviceManifests = new ServiceManifests(settings);
    this.podSecurity = PodSecurityRestrictedCheck.forCluster(settings);
    this.remover = new ServiceRemover(client);
  }

  /**
   * Server-side applies the project's objects (namespace first, then its policies, quota and
   * limits) and then the service's objects of the spec's environment (Secret, workload, Service,
   * Ingress), then deletes the objects the spec makes obsolete (a kind change). {@code
   * fence.run()} is called once before the project objects and right before each service
   * object is written or deleted: a deployment that has been superseded or cancelled throws
   * from it and so changes nothing more (and a cancelled one never re-creates a namespace its
   * service's delete removed). The project objects are the same for every deployment of the
   * project, so they need no fence of their own.
   *
   * <p>A crash or a fence between two objects leaves the cluster part-way; the next apply of
   * any spec converges. Re-applying the same spec changes nothing: the report says 0 changed
   * and every resourceVersion stays.
   *
   * @param env the decrypted env values; they go into the Secret and nowhere else
   * @throws InvalidKubeInputException the spec, the env or the project do not fit together
   * @throws io.deploymcp.kube.podsecurity.PodSecurityViolationException the workload would
   *     break the restricted profile (a platform bug); nothing was applied
   * @throws ApplyFailedException the API server refused or failed one object
   */
  public ApplyResult apply(
      ProjectRef project, ServiceDeploymentSpec spec, Map<String, String> env, Runnable fence) {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(fence, "fence");
    if (!project.equals(spec.project())) {
      throw new InvalidKubeInputException(
          "project",
          "the spec is for namespace " + spec.project().namespace() + ", not " + project.namespace());
    }
    List<HasMetadata> projectObjects = projectManifests.desired(project).all();
    ServiceObjects serviceObjects = serviceManifests.desired(spec, env);
    podSecurity.requireCompliant(serviceObjects.workload());

    List<String> applied = new ArrayList<>();
    int changed = 0;
    // Once before the project objects too: a deployment cancelled by a delete of the project's
    // last service must not re-create the namespace that delete removed (an empty namespace
    // nothing would ever remove again).
    fence.run();
    for (HasMetadata object : projectObjects) {
      if (applyOne(object, () -> {})) {
        changed++;
      }
      applied.add(describe(object));
    }
    for (HasMetadata object : serviceObjects.all()) {
      if (applyOne(object, fence)) {
        changed++;
      }
      applied.add(describe(object));
    }
    for (ObjectKey obsolete : serviceObjects.obsolete()) {
      if (deleteObsolete(obsolete, spec.service(), fence)) {
        changed++;
      }
    }
    return new ApplyResult(applied.size(), changed, applied);
  }

  /**
   * Deletes every object of {@code service} in both environments (those the platform applied
   * and those controllers made from them: ReplicaSets, Jobs, Pods), waits on watches until they
   * are gone, then deletes the project namespace if no service of the platform is left in it,
   * and waits for that too. Calling it again, also after a timeout, goes on where it stopped;
   * for a service or project that is already gone it does nothing.
   *
   * @throws RemovalTimeoutException objects were still there after {@code timeout}
   * @throws ApplyFailedException the API server refused or failed a delete
   */
  public RemovalResult remove(ProjectRef project, String service, Duration timeout) {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(timeout, "timeout");
    if (service == null || !DnsNames.isDns1035Label(service)) {
      throw new InvalidKubeInputException("service", "'" + service + "' is not a service name");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new InvalidKubeInputException("timeout", "must be positive");
    }
    return remover.remove(project.namespace(), service, timeout);
  }

  /** Applies one object after {@code fence}; true when the API server changed it. */
  private boolean applyOne(HasMetadata object, Runnable fence) {
    String description = describe(object);
    boolean secret = object instanceof Secret;
    Resource<HasMetadata> resource = client.resource(object);
    try {
      // The resourceVersion before and after tells whether the apply changed anything: the API
      // server answers a no-op apply with the stored object as it was.
      HasMetadata before = resource.get();
      fence.run();
      HasMetadata after =
          resource.fieldManager(settings.fieldManager()).forceConflicts().serverSideApply();
      return before == null
          || !Objects.equals(
              before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion());
    } catch (KubernetesClientException e) {
      throw KubeFailures.failure(description, secret, "server-side apply", e);
    }
  }

  /**
   * Deletes an object of the kind the service no longer has (after {@code fence}), if it is
   * there and the platform made it for this service.
   */
  private boolean deleteObsolete(ObjectKey key, String service, Runnable fence) {
    ServiceObjectKind kind =
        ServiceObjectKind.of(key.apiVersion(), key.kind())
            .orElseThrow(() -> new IllegalStateException("no delete for " + key.kind()));
    String description = key.kind() + " " + key.namespace() + "/" + key.name();
    try {
      HasMetadata existing =
          client.resources(kind.type).inNamespace(key.namespace()).withName(key.name()).get();
      if (existing == null
          || existing.getMetadata().getDeletionTimestamp() != null
          || !ServiceRemover.isOurs(existing)
          || !service.equals(labels(existing).get(Labels.SERVICE))) {
        return false;
      }
    } catch (KubernetesClientException e) {
      throw KubeFailures.failure(description, false, "read", e);
    }
    fence.run();
    remover.delete(kind, key.namespace(), key.name());
    return true;
  }

  static Map<String, String> labels(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  static String describe(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    return object.getKind() + " " + (namespace == null ? "" : namespace + "/")
        + object.getMetadata().getName();
  }
}
