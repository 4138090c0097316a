package io.deploymcp.kubestandin.kubelet;

import io.deploymcp.kubestandin.apiserver.ContainerLogs;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kubelet and controller-manager stand-in for the {@code StandInCluster}: it watches
 * Deployments, ReplicaSets and Pods through fabric8 informers and does, on one thread, what the
 * Deployment controller, ReplicaSet controller, scheduler and kubelet of a real cluster would,
 * with nothing actually running. Each container follows a {@link PodBehaviour}: healthy by
 * default, or scripted per image ({@link #script(String, PodBehaviour)}), per pod annotation
 * {@value #BEHAVIOUR_ANNOTATION} or per container variable {@value #BEHAVIOUR_ENV} to produce
 * the failures issue 5 §3 diagnoses.
 *
 * <p>Driven by watch events, not by polling; the only timers are the scripted passage of time
 * (a crash after a while, a back-off, a late readiness, a progress deadline).
 */
public final class KubeletStandIn implements AutoCloseable {

  /** The one node every schedulable pod lands on. */
  public static final String NODE_NAME = "kube-standin-node";
  static final String NODE_IP = "10.0.0.10";
  /** client-go's default per-item controller back-off: 5 ms doubling to 1000 s. */
  private static final long REFUSAL_BASE_MILLIS = 5;
  private static final long REFUSAL_MAX_SECONDS = 1000;
  /** Pod (template) annotation naming a {@link PodBehaviour} in text form. */
  public static final String BEHAVIOUR_ANNOTATION = "kube-standin.deploy-mcp.io/behaviour";
  /** Container environment variable naming a {@link PodBehaviour} in text form. */
  public static final String BEHAVIOUR_ENV = "KUBE_STANDIN_BEHAVIOUR";

  private static final Logger log = LoggerFactory.getLogger(KubeletStandIn.class);

  /**
   * How fast scripted time passes: from scheduling to container start, between a crash and
   * the restart (and before a pull back-off), and how many restarts a crash loop shows before it
   * stays in CrashLoopBackOff.
   */
  public record Timing(Duration podStartup, Duration restartBackoff, int maxRestarts) {
    public static final Timing DEFAULT = new Timing(Duration.ofMillis(20), Duration.ofMillis(150), 5);

    public Timing {
      Objects.requireNonNull(podStartup, "podStartup");
      Objects.requireNonNull(restartBackoff, "restartBackoff");
      if (podStartup.isNegative() || restartBackoff.isNegative() || maxRestarts < 1) {
        throw new IllegalArgumentException("timing must be non-negative with at least one restart");
      }
    }
  }

  private final KubernetesClient client;
  private final ScheduledExecutorService thread;
  private final BehaviourResolver resolver;
  private final EventRecorder events;
  private final DeploymentController deployments;
  private final ReplicaSetController replicaSets;
  private final PodLifecycle pods;
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final Map<String, ScheduledFuture<?>> deadlines = new HashMap<>();
  /** ReplicaSets whose pods were refused: how often in a row, and the pending retry. */
  private final Map<String, Integer> refusals = new HashMap<>();
  private final Map<String, ScheduledFuture<?>> refusalRetries = new HashMap<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private volatile boolean closed;

  public KubeletStandIn(KubernetesClient client, ContainerLogs logs, Timing timing, Clock clock) {
    this.client = client;
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "kube-standin-kubelet");
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    // On close, scripted timers are dropped; a reconcile already running finishes its calls.
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.thread = executor;
    this.resolver = new BehaviourResolver(client);
    this.events = new EventRecorder(client, clock);
    this.deployments = new DeploymentController(client, events, clock, this::recheckLater);
    this.replicaSets = new ReplicaSetController(client, events, resolver, clock);
    this.pods = new PodLifecycle(client, logs, events, resolver, timing, clock, thread);
  }

  /** Registers the node and starts watching; returns once the informers have synced. */
  public void start() {
    try {
      client.nodes().resource(new NodeBuilder()
          .withNewMetadata().withName(NODE_NAME).addToLabels("kubernetes.io/hostname", NODE_NAME).endMetadata()
          .withNewStatus()
            .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
              .withMessage("kubelet stand-in is posting ready status").endCondition()
            .addToCapacity("cpu", new Quantity("4")).addToCapacity("memory", new Quantity("8Gi"))
            .addToCapacity("pods", new Quantity("110"))
            .addToAllocatable("cpu", new Quantity("4")).addToAllocatable("memory", new Quantity("8Gi"))
            .addToAllocatable("pods", new Quantity("110"))
            .addNewAddress().withType("InternalIP").withAddress(NODE_IP).endAddress()
          .endStatus()
          .build()).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
    informers.add(client.apps().deployments().inAnyNamespace().inform(handler(
        d -> enqueue("deployment", d, () -> deployments.reconcile(ns(d), name(d))),
        d -> onThread(() -> {
          cancelDeadline(key("deployment", d));
          events.forget(d.getMetadata().getUid());
        }))));
    informers.add(client.apps().replicaSets().inAnyNamespace().inform(handler(
        rs -> {
          enqueue("replicaset", rs, () -> reconcileReplicaSet(ns(rs), name(rs)));
          enqueueOwner(rs);
        },
        rs -> {
          onThread(() -> {
            events.forget(rs.getMetadata().getUid());
            forgetRefusals(key("replicaset", rs));
          });
          enqueueOwner(rs);
        })));
    informers.add(client.pods().inAnyNamespace().inform(handler(
        pod -> {
          enqueue("pod", pod, () -> pods.seen(pod));
          enqueueOwner(pod);
        },
        pod -> {
          String uid = pod.getMetadata().getUid();
          onThread(() -> pods.gone(ns(pod), name(pod), uid));
          enqueueOwner(pod);
        })));
  }

  /** Containers whose image equals {@code image} behave as {@code behaviour} (newest script wins). */
  public KubeletStandIn script(String image, PodBehaviour behaviour) {
    resolver.script(image::equals, behaviour);
    return this;
  }

  /** Containers whose image matches behave as {@code behaviour} (newest script wins). */
  public KubeletStandIn script(Predicate<String> image, PodBehaviour behaviour) {
    resolver.script(image, behaviour);
    return this;
  }

  /** What unscripted containers do (healthy unless set). */
  public KubeletStandIn defaultBehaviour(PodBehaviour behaviour) {
    resolver.fallback(behaviour);
    return this;
  }

  /** Forgets every script and the default; pods already started keep their behaviour. */
  public void clearScripts() {
    resolver.clear();
  }

  @Override
  public void close() {
    closed = true;
    informers.forEach(SharedIndexInformer::close);
    thread.shutdown();
    try {
      if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> changed, Consumer<T> deleted) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        changed.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        changed.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        deleted.accept(obj);
      }
    };
  }

  private void enqueueOwner(HasMetadata obj) {
    List<OwnerReference> owners = obj.getMetadata().getOwnerReferences();
    if (owners == null) {
      return;
    }
    for (OwnerReference owner : owners) {
      if (!Boolean.TRUE.equals(owner.getController())) {
        continue;
      }
      String namespace = ns(obj);
      String name = owner.getName();
      if ("Deployment".equals(owner.getKind())) {
        enqueue("deployment/" + namespace + "/" + name, () -> deployments.reconcile(namespace, name));
      } else if ("ReplicaSet".equals(owner.getKind())) {
        enqueue("replicaset/" + namespace + "/" + name, () -> reconcileReplicaSet(namespace, name));
      }
    }
  }

  private void enqueue(String kind, HasMetadata obj, Runnable reconcile) {
    enqueue(key(kind, obj), reconcile);
  }

  /** At most one pending reconcile per object: events that arrive meanwhile fold into it. */
  private void enqueue(String key, Runnable reconcile) {
    if (!pending.add(key)) {
      return;
    }
    try {
      thread.execute(() -> {
        pending.remove(key);
        try {
          reconcile.run();
        } catch (KubernetesClientException e) {
          if (closed) {
            return;
          }
          // A write raced another writer (409) or the object went away mid-way: look again soon.
          log.debug("kubelet stand-in retries {}: {}", key, e.getMessage());
          thread.schedule(() -> enqueue(key, reconcile), 100, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          // closing
        } catch (RuntimeException e) {
          if (!closed) {
            log.warn("kubelet stand-in failed to reconcile {}", key, e);
          }
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      pending.remove(key);
    }
  }

  private void onThread(Runnable task) {
    try {
      thread.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // the stand-in is closing
    }
  }

  /**
   * A ReplicaSet whose pods were refused (quota) is retried as a real controller's work queue
   * retries a failed sync: per-item exponential back-off from {@value #REFUSAL_BASE_MILLIS} ms,
   * doubling, at most {@value #REFUSAL_MAX_SECONDS} s (client-go's default controller rate
   * limiter); a success forgets it. Changes to the ReplicaSet or its pods still reconcile at once.
   */
  private void reconcileReplicaSet(String namespace, String name) {
    String key = "replicaset/" + namespace + "/" + name;
    if (replicaSets.reconcile(namespace, name)) {
      forgetRefusals(key);
      return;
    }
    int failures = refusals.merge(key, 1, Integer::sum);
    long delay = Math.min(REFUSAL_BASE_MILLIS << Math.min(failures - 1, 30), TimeUnit.SECONDS.toMillis(REFUSAL_MAX_SECONDS));
    ScheduledFuture<?> previous = refusalRetries.put(key, thread.schedule(
        () -> enqueue(key, () -> reconcileReplicaSet(namespace, name)), delay, TimeUnit.MILLISECONDS));
    if (previous != null) {
      previous.cancel(false);
    }
  }

  /** Runs on the stand-in's thread. */
  private void forgetRefusals(String key) {
    refusals.remove(key);
    ScheduledFuture<?> retry = refusalRetries.remove(key);
    if (retry != null) {
      retry.cancel(false);
    }
  }

  /** Progress deadlines: one pending recheck per Deployment, on the stand-in's thread. */
  private void recheckLater(DeploymentController.Deadline deadline) {
    String key = "deployment/" + deadline.namespace() + "/" + deadline.name();
    cancelDeadline(key);
    long millis = Math.max(0, deadline.after().toMillis());
    deadlines.put(key, thread.schedule(
        () -> enqueue(key, () -> deployments.reconcile(deadline.namespace(), deadline.name())),
        millis, TimeUnit.MILLISECONDS));
  }

  /** Runs on the stand-in's thread, like everything that touches {@code deadlines}. */
  private void cancelDeadline(String key) {
    ScheduledFuture<?> previous = deadlines.remove(key);
    if (previous != null) {
      previous.cancel(false);
    }
  }

  private static String key(String kind, HasMetadata obj) {
    return kind + "/" + ns(obj) + "/" + name(obj);
  }

  private static String ns(HasMetadata obj) {
    return obj.getMetadata().getNamespace();
  }

  private static String name(HasMetadata obj) {
    return obj.getMetadata().getName();
  }
}
