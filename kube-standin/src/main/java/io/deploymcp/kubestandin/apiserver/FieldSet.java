package io.deploymcp.kubestandin.apiserver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields one field manager owns, as leaf paths ({@code [spec, replicas]}), in the stand-in's
 * server-side apply.
 *
 * <p>Maps are owned per key, all the way down; lists are owned as a whole (atomic), which is
 * coarser than a real API server (containers, ports, env and volumes are associative lists
 * keyed by name there). {@link #toFieldsV1()} writes the {@code f:}-prefixed FieldsV1 form a
 * real server stores in {@code metadata.managedFields}.
 */
public record FieldSet(Set<List<String>> paths) {

  /** Metadata a server sets itself: nobody "owns" these through apply. */
  private static final Set<String> SYSTEM_METADATA = Set.of(
      "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
      "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink", "generateName");

  public FieldSet {
    paths = Collections.unmodifiableSet(new LinkedHashSet<>(paths));
  }

  public static FieldSet empty() {
    return new FieldSet(Set.of());
  }

  /** The leaf paths of an applied (or live) object, leaving out what the server owns. */
  public static FieldSet of(JsonNode object) {
    Set<List<String>> out = new LinkedHashSet<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      String name = field.getKey();
      if (name.equals("apiVersion") || name.equals("kind") || name.equals("status")) {
        continue;
      }
      if (name.equals("metadata") && field.getValue().isObject()) {
        for (Map.Entry<String, JsonNode> meta : field.getValue().properties()) {
          if (!SYSTEM_METADATA.contains(meta.getKey())) {
            collect(List.of("metadata", meta.getKey()), meta.getValue(), out);
          }
        }
        continue;
      }
      collect(List.of(name), field.getValue(), out);
    }
    return new FieldSet(out);
  }

  private static void collect(List<String> path, JsonNode value, Set<List<String>> out) {
    if (value.isObject() && !value.isEmpty()) {
      for (Map.Entry<String, JsonNode> child : value.properties()) {
        collect(append(path, child.getKey()), child.getValue(), out);
      }
    } else {
      out.add(path);
    }
  }

  /** Reads the FieldsV1 form ({@code {"f:spec":{"f:replicas":{}}}}). */
  public static FieldSet fromFieldsV1(JsonNode fieldsV1) {
    Set<List<String>> out = new LinkedHashSet<>();
    readFieldsV1(List.of(), fieldsV1, out);
    return new FieldSet(out);
  }

  private static void readFieldsV1(List<String> path, JsonNode node, Set<List<String>> out) {
    boolean hasChildren = false;
    if (node != null && node.isObject()) {
      for (Map.Entry<String, JsonNode> child : node.properties()) {
        if (child.getKey().startsWith("f:")) {
          hasChildren = true;
          readFieldsV1(append(path, child.getKey().substring(2)), child.getValue(), out);
        }
      }
    }
    if (!hasChildren && !path.isEmpty()) {
      out.add(path);
    }
  }

  public ObjectNode toFieldsV1() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    for (List<String> path : sorted()) {
      ObjectNode node = root;
      for (String segment : path) {
        JsonNode next = node.get("f:" + segment);
        node = next instanceof ObjectNode child ? child : node.putObject("f:" + segment);
      }
    }
    return root;
  }

  public boolean isEmpty() {
    return paths.isEmpty();
  }

  public boolean contains(List<String> path) {
    return paths.contains(path);
  }

  /** True when one of these paths is {@code path}, inside it, or contains it. */
  public boolean overlaps(List<String> path) {
    return paths.stream().anyMatch(p -> isPrefix(p, path) || isPrefix(path, p));
  }

  public FieldSet without(Set<List<String>> removed) {
    Set<List<String>> kept = new LinkedHashSet<>(paths);
    kept.removeAll(removed);
    return new FieldSet(kept);
  }

  /** Removes every path overlapping {@code path}: what a forced apply takes from others. */
  public FieldSet withoutOverlapping(List<String> path) {
    return new FieldSet(paths.stream()
        .filter(p -> !(isPrefix(p, path) || isPrefix(path, p)))
        .collect(Collectors.toCollection(LinkedHashSet::new)));
  }

  /** Dotted form ({@code .spec.replicas}), the way API server conflict messages name fields. */
  public Set<String> dotted() {
    return sorted().stream().map(FieldSet::dotted).collect(Collectors.toCollection(LinkedHashSet::new));
  }

  public static String dotted(List<String> path) {
    return path.stream().map(s -> "." + s).collect(Collectors.joining());
  }

  private List<List<String>> sorted() {
    List<List<String>> list = new ArrayList<>(paths);
    list.sort(Comparator.comparing(FieldSet::dotted));
    return list;
  }

  static boolean isPrefix(List<String> prefix, List<String> path) {
    return prefix.size() <= path.size() && path.subList(0, prefix.size()).equals(prefix);
  }

  static List<String> append(List<String> path, String segment) {
    List<String> out = new ArrayList<>(path.size() + 1);
    out.addAll(path);
    out.add(segment);
    return List.copyOf(out);
  }
}
