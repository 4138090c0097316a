package io.deploymcp.kubestandin.apiserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The merge at the heart of the stand-in's server-side apply, on JSON trees and nothing else
 * (storage, versions and HTTP are {@link StandInDispatcher}'s job).
 *
 * <p>What it keeps from the real algorithm: the applier's fields are merged into the live
 * object (maps per key, lists replaced whole); fields the applier owned before and no longer
 * applies are removed unless another manager also owns them; changing a field another manager
 * owns is a conflict unless forced, and forcing takes the field away from that manager;
 * applying a value equal to the live one shares ownership without a conflict; re-applying the
 * same configuration changes nothing (same managedFields, same object).
 */
final class ServerSideApply {

  /** Server-owned metadata dropped from an applied configuration before merging. */
  private static final Set<String> IGNORED_METADATA = Set.of(
      "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
      "deletionGracePeriodSeconds", "managedFields", "selfLink");

  sealed interface Result permits Applied, Conflicted {}

  /** The object to store; {@code changed} is false when the apply was a no-op. */
  record Applied(ObjectNode object, boolean changed) implements Result {}

  record Conflicted(List<FieldConflict> conflicts) implements Result {}

  record FieldConflict(String manager, List<String> path) {}

  private ServerSideApply() {}

  /** The applied configuration as the merge sees it: no status, no server-owned metadata. */
  static ObjectNode normalize(ObjectNode applied) {
    ObjectNode copy = applied.deepCopy();
    copy.remove("status");
    if (copy.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove(IGNORED_METADATA);
    }
    return copy;
  }

  /** A new object: the configuration plus the applier's managedFields entry. */
  static ObjectNode create(ObjectNode applied, String manager, String now) {
    ObjectNode object = normalize(applied);
    FieldSet fields = FieldSet.of(object);
    Ownership self = new Ownership(manager, Ownership.APPLY, object.path("apiVersion").asString(""), now, fields);
    metadata(object).set("managedFields", Ownership.write(List.of(self)));
    return object;
  }

  static Result apply(ObjectNode live, ObjectNode appliedRaw, String manager, boolean force, String now) {
    ObjectNode applied = normalize(appliedRaw);
    FieldSet appliedFields = FieldSet.of(applied);
    List<Ownership> entries = new ArrayList<>(Ownership.read(live));
    int selfIndex = -1;
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).sameManager(manager, Ownership.APPLY)) {
        selfIndex = i;
      }
    }
    Ownership previous = selfIndex >= 0 ? entries.get(selfIndex) : null;
    FieldSet previousFields = previous == null ? FieldSet.empty() : previous.fields();

    List<FieldConflict> conflicts = new ArrayList<>();
    for (List<String> path : appliedFields.paths()) {
      JsonNode appliedValue = at(applied, path);
      JsonNode liveValue = at(live, path);
      if (appliedValue.equals(liveValue)) {
        continue; // same value: shared ownership, never a conflict
      }
      if (appliedValue.isObject() && appliedValue.isEmpty() && liveValue.isObject()) {
        continue; // an empty map merges into the live one without changing it
      }
      for (int i = 0; i < entries.size(); i++) {
        Ownership other = entries.get(i);
        if (i != selfIndex && other.fields().overlaps(path)) {
          conflicts.add(new FieldConflict(other.manager(), path));
        }
      }
    }
    if (!conflicts.isEmpty() && !force) {
      return new Conflicted(conflicts);
    }
    for (FieldConflict conflict : conflicts) {
      for (int i = 0; i < entries.size(); i++) {
        if (i != selfIndex) {
          entries.set(i, entries.get(i).withFields(entries.get(i).fields().withoutOverlapping(conflict.path())));
        }
      }
    }

    ObjectNode merged = live.deepCopy();
    merge(merged, applied);
    final int self = selfIndex;
    for (List<String> dropped : previousFields.without(appliedFields.paths()).paths()) {
      boolean ownedElsewhere = false;
      for (int i = 0; i < entries.size(); i++) {
        if (i != self && entries.get(i).fields().overlaps(dropped)) {
          ownedElsewhere = true;
        }
      }
      if (!ownedElsewhere) {
        remove(merged, dropped);
      }
    }

    String apiVersion = applied.path("apiVersion").asString("");
    Ownership mine = new Ownership(manager, Ownership.APPLY, apiVersion,
        previous == null ? now : previous.time(), appliedFields);
    if (selfIndex >= 0) {
      entries.set(selfIndex, mine);
    } else {
      entries.add(mine);
    }
    List<Ownership> kept = new ArrayList<>(entries.stream().filter(o -> !o.fields().isEmpty()).toList());
    metadata(merged).set("managedFields", Ownership.write(kept));
    if (merged.equals(live)) {
      return new Applied(live, false);
    }
    // Something changed: the applier's entry carries the time of this apply.
    kept.replaceAll(o -> o.sameManager(manager, Ownership.APPLY) ? o.withTime(now) : o);
    metadata(merged).set("managedFields", Ownership.write(kept));
    return new Applied(merged, true);
  }

  static JsonNode at(JsonNode node, List<String> path) {
    JsonNode current = node;
    for (String segment : path) {
      if (current == null || !current.isObject()) {
        return MissingNode.getInstance();
      }
      current = current.get(segment);
    }
    return current == null ? MissingNode.getInstance() : current;
  }

  /** Maps merge per key; scalars and lists are replaced whole. */
  private static void merge(ObjectNode target, ObjectNode source) {
    for (Map.Entry<String, JsonNode> field : source.properties()) {
      JsonNode existing = target.get(field.getKey());
      if (existing instanceof ObjectNode targetChild && field.getValue() instanceof ObjectNode sourceChild) {
        merge(targetChild, sourceChild);
      } else {
        target.set(field.getKey(), field.getValue().deepCopy());
      }
    }
  }

  /** Removes a leaf, then the maps it leaves empty (never a top-level field). */
  private static void remove(ObjectNode root, List<String> path) {
    List<ObjectNode> parents = new ArrayList<>();
    ObjectNode node = root;
    for (int i = 0; i < path.size() - 1; i++) {
      if (!(node.get(path.get(i)) instanceof ObjectNode child)) {
        return;
      }
      parents.add(node);
      node = child;
    }
    node.remove(path.getLast());
    for (int depth = path.size() - 2; depth >= 1; depth--) {
      ObjectNode parent = parents.get(depth);
      JsonNode child = parent.get(path.get(depth));
      if (child != null && child.isEmpty()) {
        parent.remove(path.get(depth));
      } else {
        break;
      }
    }
  }

  private static ObjectNode metadata(ObjectNode object) {
    return object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
  }
}
