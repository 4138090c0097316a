package io.deploymcp.kube.apply;

import io.deploymcp.kube.access.ResourceAccess;
import io.deploymcp.kube.access.Verb;
import io.deploymcp.kube.manifest.Labels;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link ClusterApplier#remove}: deletes a service's objects, watches until they are gone, and
 * removes the namespace after the project's last service.
 */
final class ServiceRemover {

  /**
   * The calls a removal makes (see {@link ClusterApplier#CLUSTER_CALLS}): lists and deletes of
   * the applied kinds; informers (list, watch) on every kind of a service's objects, and deletes
   * of whatever they still show undeleted (a ReplicaSet, Job or Pod the garbage collector has
   * not reached yet); the namespace read, deleted and watched until it is gone.
   */
  static final List<ResourceAccess> CLUSTER_CALLS = clusterCalls();

  private static List<ResourceAccess> clusterCalls() {
    List<ResourceAccess> calls = new ArrayList<>();
    for (ServiceObjectKind kind : ServiceObjectKind.APPLIED) {
      calls.add(ResourceAccess.of(kind.type, Verb.LIST, Verb.DELETE));
    }
    for (ServiceObjectKind kind : ServiceObjectKind.values()) {
      calls.add(ResourceAccess.of(kind.type, Verb.LIST, Verb.WATCH, Verb.DELETE));
    }
    calls.add(ResourceAccess.of(Namespace.class, Verb.GET, Verb.DELETE, Verb.LIST, Verb.WATCH));
    return List.copyOf(calls);
  }

  private final KubernetesClient client;

  ServiceRemover(KubernetesClient client) {
    this.client = client;
  }

  RemovalResult remove(String namespace, String service, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, String> selector = Map.of(Labels.MANAGED_BY, Labels.MANAGER, Labels.SERVICE, service);

    int deleted = 0;
    for (ServiceObjectKind kind : ServiceObjectKind.APPLIED) {
      for (HasMetadata object : list(kind, namespace, selector)) {
        if (object.getMetadata().getDeletionTimestamp() == null) {
          delete(kind, namespace, object.getMetadata().getName());
          deleted++;
        }
      }
    }
    awaitGone(namespace, selector, deadline, timeout);

    Namespace current = client.namespaces().withName(namespace).get();
    boolean namespaceDeleted = false;
    if (current != null && isOurs(current) && current.getMetadata().getDeletionTimestamp() == null
        && !anyServiceLeft(namespace)) {
      try {
        client.namespaces().withName(namespace).delete();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw KubeFailures.failure("Namespace " + namespace, false, "delete", e);
        }
      }
      namespaceDeleted = true;
    }
    if (current != null && (namespaceDeleted || current.getMetadata().getDeletionTimestamp() != null)) {
      awaitNamespaceGone(namespace, deadline, timeout);
    }
    return new RemovalResult(deleted, namespaceDeleted);
  }

  /**
   * Watches every kind of the service's objects until none is left. Whatever the watches show
   * without a deletion under way is deleted: a ReplicaSet or Pod a controller created while its
   * owner was being deleted (the garbage collector would get to it later), or an object a racing
   * deploy applied after the first round of deletes. Deletes are sent only once the watches run,
   * so each one's DELETED event reaches them.
   */
  private void awaitGone(String namespace, Map<String, String> selector, long deadline, Duration timeout) {
    Semaphore changed = new Semaphore(0);
    Map<ServiceObjectKind, SharedIndexInformer<? extends HasMetadata>> informers = new EnumMap<>(ServiceObjectKind.class);
    Set<String> requested = new HashSet<>();
    try {
      for (ServiceObjectKind kind : ServiceObjectKind.values()) {
        informers.put(kind, client.resources(kind.type).inNamespace(namespace).withLabels(selector)
            .inform(new Wake(changed)));
      }
      while (true) {
        List<String> remaining = new ArrayList<>();
        for (Map.Entry<ServiceObjectKind, SharedIndexInformer<? extends HasMetadata>> entry : informers.entrySet()) {
          for (HasMetadata object : entry.getValue().getStore().list()) {
            remaining.add(ClusterApplier.describe(object));
            if (object.getMetadata().getDeletionTimestamp() == null
                && requested.add(object.getMetadata().getUid())) {
              delete(entry.getKey(), namespace, object.getMetadata().getName());
            }
          }
        }
        if (remaining.isEmpty()) {
          return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new RemovalTimeoutException(remaining.size() + " object(s) of the service were still"
              + " there after " + timeout + ": " + String.join(", ", remaining.stream().limit(10).toList()),
              remaining);
        }
        if (changed.tryAcquire(left, TimeUnit.NANOSECONDS)) {
          changed.drainPermits();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for deletes", e);
    } finally {
      informers.values().forEach(SharedIndexInformer::close);
    }
  }

  /** Any change of a watched object wakes the wait. */
  private record Wake(Semaphore changed) implements ResourceEventHandler<HasMetadata> {
    @Override
    public void onAdd(HasMetadata object) {
      changed.release();
    }

    @Override
    public void onUpdate(HasMetadata before, HasMetadata object) {
      changed.release();
    }

    @Override
    public void onDelete(HasMetadata object, boolean finalStateUnknown) {
      changed.release();
    }
  }

  private void awaitNamespaceGone(String namespace, long deadline, Duration timeout) {
    CompletableFuture<List<Namespace>> gone =
        client.namespaces().withName(namespace).informOnCondition(List::isEmpty);
    try {
      gone.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new RemovalTimeoutException(
          "namespace " + namespace + " was still being deleted after " + timeout,
          List.of("Namespace " + namespace));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the namespace to go", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof KubernetesClientException k
          ? KubeFailures.failure("Namespace " + namespace, false, "watch", k)
          : new IllegalStateException("watching namespace " + namespace + " failed", e.getCause());
    } finally {
      gone.cancel(true); // stops its informer if still running
    }
  }

  void delete(ServiceObjectKind kind, String namespace, String name) {
    try {
      // Background: the object goes at once and the garbage collector takes its ReplicaSets,
      // Jobs and Pods after it, so a new object of the same name is never blocked by it.
      client.resources(kind.type).inNamespace(namespace).withName(name)
          .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw KubeFailures.failure(kind.kind + " " + namespace + "/" + name,
            kind == ServiceObjectKind.SECRET, "delete", e);
      }
    }
  }

  private List<? extends HasMetadata> list(
      ServiceObjectKind kind, String namespace, Map<String, String> selector) {
    try {
      return client.resources(kind.type).inNamespace(namespace).withLabels(selector).list().getItems();
    } catch (KubernetesClientException e) {
      throw KubeFailures.failure(kind.kind + " in " + namespace, false, "list", e);
    }
  }

  /** Whether an applied object of any service of the platform is still in the namespace. */
  private boolean anyServiceLeft(String namespace) {
    Map<String, String> ours = Map.of(Labels.MANAGED_BY, Labels.MANAGER);
    for (ServiceObjectKind kind : ServiceObjectKind.APPLIED) {
      for (HasMetadata object : list(kind, namespace, ours)) {
        if (ClusterApplier.labels(object).containsKey(Labels.SERVICE)
            && object.getMetadata().getDeletionTimestamp() == null) {
          return true;
        }
      }
    }
    return false;
  }

  static boolean isOurs(HasMetadata object) {
    return Labels.MANAGER.equals(ClusterApplier.labels(object).get(Labels.MANAGED_BY));
  }
}
