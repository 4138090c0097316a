package io.deploymcp.kubestandin.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ReplicaSet controller part of the stand-in: keeps {@code spec.replicas} pods of each
 * ReplicaSet (owner reference, template labels) and reports its status. When the pod template
 * is scripted {@link PodBehaviour.QuotaExceeded}, it creates nothing and reports what a real
 * controller reports when the ResourceQuota admission refuses the pod: condition
 * ReplicaFailure/FailedCreate and a FailedCreate event, with the refusal's stable message (the
 * quota admission names the pod by its {@code generateName}, {@code <replicaset>-}, since no
 * name is generated yet), and asks to be retried later ({@link #reconcile} returns false) — the
 * caller backs off as a real controller's work queue does.
 */
final class ReplicaSetController {

  private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final KubernetesClient client;
  private final EventRecorder events;
  private final BehaviourResolver resolver;
  private final Clock clock;

  ReplicaSetController(KubernetesClient client, EventRecorder events, BehaviourResolver resolver, Clock clock) {
    this.client = client;
    this.events = events;
    this.resolver = resolver;
    this.clock = clock;
  }

  /** Returns false when pods the ReplicaSet needs were refused (to be retried with back-off). */
  boolean reconcile(String namespace, String name) {
    ReplicaSet rs = client.apps().replicaSets().inNamespace(namespace).withName(name).get();
    if (rs == null || rs.getMetadata().getDeletionTimestamp() != null) {
      return true;
    }
    int desired = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    List<Pod> pods = new ArrayList<>(ownedPods(rs));
    ReplicaSetCondition failure = null;
    if (pods.size() < desired) {
      Optional<String> quota = quotaRefusal(rs);
      if (quota.isPresent()) {
        String refused = "pods \"" + name + "-\" is forbidden: exceeded quota: " + quota.get();
        events.warning(rs, null, "replicaset-controller", "FailedCreate", "Error creating: " + refused);
        failure = new ReplicaSetConditionBuilder().withType("ReplicaFailure").withStatus("True")
            .withReason("FailedCreate").withMessage(refused).build();
      } else {
        for (int i = pods.size(); i < desired; i++) {
          Pod created = client.pods().inNamespace(namespace).resource(newPod(rs)).create();
          events.normal(rs, null, "replicaset-controller", "SuccessfulCreate",
              "Created pod: " + created.getMetadata().getName());
          pods.add(created);
        }
      }
    } else if (pods.size() > desired) {
      // Unready and newest pods go first, as a real controller prefers.
      pods.sort(Comparator.comparing((Pod p) -> isReady(p))
          .thenComparing(p -> p.getMetadata().getCreationTimestamp(), Comparator.reverseOrder()));
      for (Pod extra : List.copyOf(pods.subList(0, pods.size() - desired))) {
        client.pods().inNamespace(namespace).withName(extra.getMetadata().getName()).delete();
        events.normal(rs, null, "replicaset-controller", "SuccessfulDelete",
            "Deleted pod: " + extra.getMetadata().getName());
        pods.remove(extra);
      }
    }
    int ready = (int) pods.stream().filter(ReplicaSetController::isReady).count();
    ReplicaSetStatus status = new ReplicaSetStatusBuilder()
        .withReplicas(pods.size())
        .withFullyLabeledReplicas(pods.size())
        .withReadyReplicas(ready)
        .withAvailableReplicas(ready)
        .withObservedGeneration(rs.getMetadata().getGeneration())
        .withConditions(failure == null ? List.of() : List.of(keepTime(failure, rs.getStatus())))
        .build();
    writeStatus(rs, status);
    return failure == null;
  }

  private ReplicaSetCondition keepTime(ReplicaSetCondition condition, ReplicaSetStatus previous) {
    String time = Times.format(clock.instant());
    if (previous != null && previous.getConditions() != null) {
      for (ReplicaSetCondition old : previous.getConditions()) {
        if (old.getType().equals(condition.getType()) && old.getStatus().equals(condition.getStatus())) {
          time = old.getLastTransitionTime();
        }
      }
    }
    condition.setLastTransitionTime(time);
    return condition;
  }

  private void writeStatus(ReplicaSet rs, ReplicaSetStatus status) {
    if (Objects.equals(normalize(rs.getStatus()), normalize(status))) {
      return;
    }
    try {
      client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(rs).subresource("status")
          .patch(PatchContext.of(PatchType.JSON),
              "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + Serialization.asJson(status) + "}]");
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private static String normalize(ReplicaSetStatus status) {
    return status == null ? null : Serialization.asJson(status);
  }

  private List<Pod> ownedPods(ReplicaSet rs) {
    Map<String, String> selector = rs.getSpec().getSelector() == null ? null
        : rs.getSpec().getSelector().getMatchLabels();
    var pods = client.pods().inNamespace(rs.getMetadata().getNamespace());
    List<Pod> candidates = selector == null || selector.isEmpty()
        ? pods.list().getItems()
        : pods.withLabels(selector).list().getItems();
    return candidates.stream()
        .filter(p -> isControlledBy(p.getMetadata().getOwnerReferences(), rs.getMetadata().getUid()))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private Optional<String> quotaRefusal(ReplicaSet rs) {
    var template = rs.getSpec().getTemplate();
    for (Container container : template.getSpec().getContainers()) {
      PodBehaviour behaviour = resolver.resolve(rs.getMetadata().getNamespace(),
          template.getMetadata() == null ? null : template.getMetadata().getAnnotations(), container);
      if (behaviour instanceof PodBehaviour.QuotaExceeded quota) {
        return Optional.of(quota.message());
      }
    }
    return Optional.empty();
  }

  private static Pod newPod(ReplicaSet rs) {
    var template = rs.getSpec().getTemplate();
    OwnerReference owner = new OwnerReferenceBuilder()
        .withApiVersion("apps/v1").withKind("ReplicaSet")
        .withName(rs.getMetadata().getName()).withUid(rs.getMetadata().getUid())
        .withController(true).withBlockOwnerDeletion(true)
        .build();
    return new PodBuilder()
        .withNewMetadata()
          .withName(rs.getMetadata().getName() + "-" + suffix())
          .withNamespace(rs.getMetadata().getNamespace())
          .withLabels(template.getMetadata() == null ? null : template.getMetadata().getLabels())
          .withAnnotations(template.getMetadata() == null ? null : template.getMetadata().getAnnotations())
          .withOwnerReferences(owner)
        .endMetadata()
        .withSpec(Serialization.clone(template.getSpec()))
        .build();
  }

  static boolean isControlledBy(List<OwnerReference> owners, String uid) {
    return owners != null && owners.stream()
        .anyMatch(o -> uid.equals(o.getUid()) && Boolean.TRUE.equals(o.getController()));
  }

  static boolean isReady(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String suffix() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      out.append(SUFFIX_ALPHABET.charAt(ThreadLocalRandom.current().nextInt(SUFFIX_ALPHABET.length())));
    }
    return out.toString();
  }
}
