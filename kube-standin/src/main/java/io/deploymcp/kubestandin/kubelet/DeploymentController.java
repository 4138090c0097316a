package io.deploymcp.kubestandin.kubelet;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The Deployment controller part of the stand-in: one ReplicaSet per pod template (named
 * {@code <deployment>-<pod-template-hash>}, owned by the Deployment), and a rolling update
 * that never lowers availability: the new ReplicaSet is scaled to the full replica count at
 * once and the old ones are scaled to zero only when the new one is fully available. So a new
 * ReplicaSet that never becomes ready leaves the old one serving, as RollingUpdate with
 * {@code maxUnavailable: 0} does. {@code Recreate} scales the old ones down first. Status:
 * replicas, updated/ready/available/unavailable replicas, observedGeneration, conditions
 * Available, Progressing (with ProgressDeadlineExceeded) and ReplicaFailure.
 */
final class DeploymentController {

  static final String REVISION = "deployment.kubernetes.io/revision";
  private static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
  private static final int DEFAULT_REVISION_HISTORY = 10;

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Clock clock;
  /** Asks for another reconcile of this Deployment after a delay (the progress deadline). */
  private final Consumer<Deadline> recheck;

  record Deadline(String namespace, String name, Duration after) {}

  DeploymentController(KubernetesClient client, EventRecorder events, Clock clock, Consumer<Deadline> recheck) {
    this.client = client;
    this.events = events;
    this.clock = clock;
    this.recheck = recheck;
  }

  void reconcile(String namespace, String name) {
    Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (d == null || d.getMetadata().getDeletionTimestamp() != null || d.getSpec() == null
        || d.getSpec().getTemplate() == null) {
      return;
    }
    int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    String hash = PodTemplateHash.of(d.getSpec().getTemplate());
    List<ReplicaSet> owned = new ArrayList<>(client.apps().replicaSets().inNamespace(namespace).list().getItems()
        .stream()
        .filter(rs -> ReplicaSetController.isControlledBy(rs.getMetadata().getOwnerReferences(),
            d.getMetadata().getUid()))
        .filter(rs -> rs.getMetadata().getDeletionTimestamp() == null)
        .toList());
    ReplicaSet newRs = owned.stream()
        .filter(rs -> hash.equals(labels(rs).get(PodTemplateHash.LABEL)))
        .findFirst().orElse(null);
    List<ReplicaSet> olds = new ArrayList<>(owned);
    olds.remove(newRs);
    long maxRevision = owned.stream().mapToLong(DeploymentController::revision).max().orElse(0);
    boolean recreate = d.getSpec().getStrategy() != null && "Recreate".equals(d.getSpec().getStrategy().getType());
    boolean created = false;

    if (newRs == null) {
      if (recreate && olds.stream().anyMatch(rs -> replicas(rs) > 0 || statusReplicas(rs) > 0)) {
        olds.forEach(rs -> scale(d, rs, 0));
      } else {
        newRs = client.apps().replicaSets().inNamespace(namespace)
            .resource(newReplicaSet(d, hash, desired, maxRevision + 1)).create();
        events.normal(d, null, "deployment-controller", "ScalingReplicaSet",
            "Scaled up replica set " + newRs.getMetadata().getName() + " from 0 to " + desired);
        created = true;
      }
    } else {
      if (revision(newRs) < maxRevision) {
        // Back to an earlier template (a rollback): that ReplicaSet becomes the newest revision.
        newRs = client.apps().replicaSets().inNamespace(namespace).resource(newRs)
            .patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"" + REVISION + "\":\"" + (maxRevision + 1) + "\"}}}");
      }
      if (replicas(newRs) != desired) {
        newRs = scale(d, newRs, desired);
      }
    }
    if (newRs != null && available(newRs) >= desired && replicas(newRs) == desired) {
      for (ReplicaSet old : olds) {
        if (replicas(old) > 0) {
          scale(d, old, 0);
        }
      }
    }
    pruneHistory(d, olds);
    writeStatus(d, newRs, owned, desired, created);
  }

  private void writeStatus(Deployment d, ReplicaSet newRs, List<ReplicaSet> owned, int desired, boolean created) {
    List<ReplicaSet> all = new ArrayList<>(owned);
    if (created) {
      all.add(newRs);
    }
    int replicas = all.stream().mapToInt(DeploymentController::statusReplicas).sum();
    int ready = all.stream().mapToInt(rs -> rs.getStatus() == null || rs.getStatus().getReadyReplicas() == null
        ? 0 : rs.getStatus().getReadyReplicas()).sum();
    int available = all.stream().mapToInt(DeploymentController::available).sum();
    int updated = newRs == null ? 0 : statusReplicas(newRs);
    boolean recreate = d.getSpec().getStrategy() != null && "Recreate".equals(d.getSpec().getStrategy().getType());
    int maxUnavailable = recreate ? 0 : maxUnavailable(d, desired);
    Instant now = clock.instant();
    DeploymentStatus previous = d.getStatus();

    List<DeploymentCondition> conditions = new ArrayList<>();
    conditions.add(available >= desired - maxUnavailable
        ? condition(previous, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now)
        : condition(previous, "Available", "False", "MinimumReplicasUnavailable",
            "Deployment does not have minimum availability.", now));

    boolean complete = newRs != null && updated == desired && replicas == desired && available == desired
        && replicas(newRs) == desired;
    String rsName = newRs == null ? d.getMetadata().getName() : newRs.getMetadata().getName();
    DeploymentCondition progressing;
    DeploymentCondition before = find(previous, "Progressing");
    int deadlineSeconds = d.getSpec().getProgressDeadlineSeconds() == null
        ? DEFAULT_PROGRESS_DEADLINE_SECONDS : d.getSpec().getProgressDeadlineSeconds();
    if (complete) {
      progressing = condition(previous, "Progressing", "True", "NewReplicaSetAvailable",
          "ReplicaSet \"" + rsName + "\" has successfully progressed.", now);
    } else if (before != null && "ProgressDeadlineExceeded".equals(before.getReason())
        && before.getMessage() != null && before.getMessage().contains("\"" + rsName + "\"")) {
      progressing = before; // stays timed out until a new rollout
    } else if (before != null && "True".equals(before.getStatus()) && before.getLastUpdateTime() != null
        && !"NewReplicaSetAvailable".equals(before.getReason())
        && before.getMessage() != null && before.getMessage().contains("\"" + rsName + "\"")
        && Times.parse(before.getLastUpdateTime()).plusSeconds(deadlineSeconds).isBefore(now)) {
      progressing = condition(previous, "Progressing", "False", "ProgressDeadlineExceeded",
          "ReplicaSet \"" + rsName + "\" has timed out progressing.", now);
    } else if (created) {
      progressing = condition(previous, "Progressing", "True", "NewReplicaSetCreated",
          "Created new replica set \"" + rsName + "\"", now);
    } else if (before != null && "NewReplicaSetCreated".equals(before.getReason())
        && before.getMessage().contains("\"" + rsName + "\"")) {
      progressing = before; // still the rollout that created it: the deadline clock keeps running
    } else {
      progressing = condition(previous, "Progressing", "True", "ReplicaSetUpdated",
          "ReplicaSet \"" + rsName + "\" is progressing.", now);
    }
    conditions.add(progressing);
    if (newRs != null && newRs.getStatus() != null && newRs.getStatus().getConditions() != null) {
      for (ReplicaSetCondition failure : newRs.getStatus().getConditions()) {
        if ("ReplicaFailure".equals(failure.getType()) && "True".equals(failure.getStatus())) {
          conditions.add(condition(previous, "ReplicaFailure", "True", failure.getReason(), failure.getMessage(), now));
        }
      }
    }
    // A real controller lists ReplicaFailure first when present; order does not matter to readers.
    DeploymentStatus status = new DeploymentStatusBuilder()
        .withObservedGeneration(d.getMetadata().getGeneration())
        .withReplicas(replicas)
        .withUpdatedReplicas(updated)
        .withReadyReplicas(ready)
        .withAvailableReplicas(available)
        .withUnavailableReplicas(Math.max(0, desired - available))
        .withConditions(conditions)
        .build();
    if (!complete && "True".equals(progressing.getStatus()) && progressing.getLastUpdateTime() != null) {
      Instant deadline = Times.parse(progressing.getLastUpdateTime()).plusSeconds(deadlineSeconds);
      recheck.accept(new Deadline(d.getMetadata().getNamespace(), d.getMetadata().getName(),
          Duration.between(now, deadline).plusMillis(1100)));
    }
    if (Objects.equals(json(previous), json(status))) {
      return;
    }
    try {
      client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).resource(d).subresource("status")
          .patch(PatchContext.of(PatchType.JSON),
              "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + Serialization.asJson(status) + "}]");
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private static String json(DeploymentStatus status) {
    return status == null ? null : Serialization.asJson(status);
  }

  private static DeploymentCondition find(DeploymentStatus status, String type) {
    if (status == null || status.getConditions() == null) {
      return null;
    }
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  /** Keeps lastTransitionTime while the status holds and lastUpdateTime while nothing changes. */
  private static DeploymentCondition condition(DeploymentStatus previous, String type, String status, String reason,
      String message, Instant now) {
    DeploymentCondition before = find(previous, type);
    String time = Times.format(now);
    String transition = before != null && status.equals(before.getStatus()) ? before.getLastTransitionTime() : time;
    String update = before != null && status.equals(before.getStatus()) && Objects.equals(reason, before.getReason())
        && Objects.equals(message, before.getMessage()) ? before.getLastUpdateTime() : time;
    return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastTransitionTime(transition).withLastUpdateTime(update).build();
  }

  private ReplicaSet scale(Deployment d, ReplicaSet rs, int to) {
    int from = replicas(rs);
    if (from == to) {
      return rs;
    }
    ReplicaSet scaled = client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(rs)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + to + "}}");
    events.normal(d, null, "deployment-controller", "ScalingReplicaSet",
        "Scaled " + (to > from ? "up" : "down") + " replica set " + rs.getMetadata().getName() + " from " + from
            + " to " + to);
    return scaled;
  }

  /** Keeps {@code revisionHistoryLimit} scaled-down old ReplicaSets, deleting the oldest. */
  private void pruneHistory(Deployment d, List<ReplicaSet> olds) {
    int limit = d.getSpec().getRevisionHistoryLimit() == null
        ? DEFAULT_REVISION_HISTORY : d.getSpec().getRevisionHistoryLimit();
    List<ReplicaSet> idle = new ArrayList<>(olds.stream()
        .filter(rs -> replicas(rs) == 0 && statusReplicas(rs) == 0)
        .sorted(Comparator.comparingLong(DeploymentController::revision))
        .toList());
    while (idle.size() > limit) {
      ReplicaSet oldest = idle.removeFirst();
      client.apps().replicaSets().inNamespace(oldest.getMetadata().getNamespace())
          .withName(oldest.getMetadata().getName()).delete();
    }
  }

  private static ReplicaSet newReplicaSet(Deployment d, String hash, int replicas, long revision) {
    PodTemplateSpec template = Serialization.clone(d.getSpec().getTemplate());
    if (template.getMetadata() == null) {
      template.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    }
    Map<String, String> labels = new LinkedHashMap<>(
        template.getMetadata().getLabels() == null ? Map.of() : template.getMetadata().getLabels());
    labels.put(PodTemplateHash.LABEL, hash);
    template.getMetadata().setLabels(labels);
    Map<String, String> matchLabels = new LinkedHashMap<>(
        d.getSpec().getSelector() == null || d.getSpec().getSelector().getMatchLabels() == null
            ? Map.of() : d.getSpec().getSelector().getMatchLabels());
    matchLabels.put(PodTemplateHash.LABEL, hash);
    return new ReplicaSetBuilder()
        .withNewMetadata()
          .withName(d.getMetadata().getName() + "-" + hash)
          .withNamespace(d.getMetadata().getNamespace())
          .withLabels(labels)
          .addToAnnotations(REVISION, String.valueOf(revision))
          .addToAnnotations("deployment.kubernetes.io/desired-replicas", String.valueOf(replicas))
          .withOwnerReferences(new OwnerReferenceBuilder()
              .withApiVersion("apps/v1").withKind("Deployment")
              .withName(d.getMetadata().getName()).withUid(d.getMetadata().getUid())
              .withController(true).withBlockOwnerDeletion(true)
              .build())
        .endMetadata()
        .withNewSpec()
          .withReplicas(replicas)
          .withMinReadySeconds(d.getSpec().getMinReadySeconds())
          .withSelector(new LabelSelectorBuilder().withMatchLabels(matchLabels).build())
          .withTemplate(template)
        .endSpec()
        .build();
  }

  private static int maxUnavailable(Deployment d, int desired) {
    IntOrString value = d.getSpec().getStrategy() == null || d.getSpec().getStrategy().getRollingUpdate() == null
        ? null : d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable();
    if (value == null) {
      return desired / 4; // the API default, 25%, rounded down
    }
    if (value.getIntVal() != null) {
      return value.getIntVal();
    }
    String percent = value.getStrVal().replace("%", "").trim();
    return desired * Integer.parseInt(percent) / 100;
  }

  private static Map<String, String> labels(ReplicaSet rs) {
    return rs.getMetadata().getLabels() == null ? Map.of() : rs.getMetadata().getLabels();
  }

  private static long revision(ReplicaSet rs) {
    Map<String, String> annotations = rs.getMetadata().getAnnotations();
    try {
      return annotations == null ? 0 : Long.parseLong(annotations.getOrDefault(REVISION, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int replicas(ReplicaSet rs) {
    return rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
  }

  private static int statusReplicas(ReplicaSet rs) {
    return rs.getStatus() == null || rs.getStatus().getReplicas() == null ? 0 : rs.getStatus().getReplicas();
  }

  private static int available(ReplicaSet rs) {
    return rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null
        ? 0 : rs.getStatus().getAvailableReplicas();
  }
}
