package io.deploymcp.kubestandin.apiserver;

import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The stand-in's garbage collector: when an object is deleted, the objects whose
 * {@code ownerReferences} name its uid go too, transitively, and deleting a Namespace deletes
 * everything in it. A real cluster does this asynchronously (background) or before the owner
 * disappears (foreground); here it happens before the DELETE answers, whichever policy was asked
 * for, except {@code Orphan}, which leaves dependents alone. An object created with owners
 * that no longer exist is removed as soon as it is created.
 */
final class GarbageCollector {

  private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);

  /** The store as the collector sees it; called with the store's write lock held. */
  record Store(Supplier<List<Map.Entry<AttributeSet, String>>> snapshot, Predicate<AttributeSet> contains,
      Consumer<String> delete) {}

  private GarbageCollector() {}

  static void collectDependents(Store store, AttributeSet deletedKey, String deletedJson) {
    JsonNode deleted = StoredObjects.parse(deletedJson);
    String uid = deleted.path("metadata").path("uid").asString("");
    boolean namespace = "Namespace".equals(deleted.path("kind").asString(""));
    String namespaceName = deleted.path("metadata").path("name").asString("");
    for (Map.Entry<AttributeSet, String> entry : store.snapshot().get()) {
      boolean dependent = namespace
          ? namespaceName.equals(StoredObjects.attribute(entry.getKey(), "namespace"))
          : isOwnedBy(entry.getValue(), uid);
      if (!dependent || !store.contains().test(entry.getKey())) {
        continue;
      }
      String path = StoredObjects.pathOf(entry.getKey());
      if (path == null) {
        log.warn("kube-standin GC cannot delete dependent {} of {}", entry.getKey(), deletedKey);
        continue;
      }
      store.delete().accept(path);
      if (!store.contains().test(entry.getKey())) { // gone (no finalizer held it): its dependents go too
        collectDependents(store, entry.getKey(), entry.getValue());
      }
    }
  }

  /** DeleteOptions.propagationPolicy of a DELETE body; Background when absent. */
  static String propagationPolicy(String body) {
    if (body == null || body.isBlank()) {
      return "Background";
    }
    try {
      return StoredObjects.parse(body).path("propagationPolicy").asString("Background");
    } catch (IllegalArgumentException e) {
      return "Background";
    }
  }

  /** True when some stored object has this uid. */
  static boolean exists(List<Map.Entry<AttributeSet, String>> store, String uid) {
    return store.stream().anyMatch(e -> hasUid(e.getValue(), uid));
  }

  static boolean hasUid(String json, String uid) {
    return !uid.isEmpty() && json.contains(uid)
        && uid.equals(StoredObjects.parse(json).path("metadata").path("uid").asString(""));
  }

  private static boolean isOwnedBy(String json, String uid) {
    if (uid.isEmpty() || !json.contains(uid)) {
      return false; // cheap pre-check: most objects do not mention the uid at all
    }
    for (JsonNode owner : StoredObjects.parse(json).path("metadata").path("ownerReferences")) {
      if (uid.equals(owner.path("uid").asString(""))) {
        return true;
      }
    }
    return false;
  }
}
