package io.deploymcp.infra.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * YAML documents as plain maps and lists, and paths into them. Parsed as YAML 1.1 (SnakeYAML),
 * as Kubernetes and Helm read manifests: {@code 0440} is the octal 288, {@code yes} is true.
 */
public final class Yaml {
  private Yaml() {}

  /** Every non-empty document of a multi-document text. */
  public static List<Object> documents(String text) {
    List<Object> documents = new ArrayList<>();
    var yaml = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions()));
    for (Object document : yaml.loadAll(text)) {
      if (document != null) {
        documents.add(document);
      }
    }
    return documents;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> single(String text) {
    List<Object> documents = documents(text);
    if (documents.size() != 1 || !(documents.getFirst() instanceof Map)) {
      throw new IllegalArgumentException("expected one YAML mapping, got " + documents.size() + " documents");
    }
    return (Map<String, Object>) documents.getFirst();
  }

  /** The value at a dotted path ("a.b.c"), or null where any step is missing. */
  public static Object at(Object root, String path) {
    Object node = root;
    for (String key : path.split("\\.")) {
      if (!(node instanceof Map<?, ?> map)) {
        return null;
      }
      node = map.get(key);
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object root, String path) {
    Object value = at(root, path);
    return value instanceof Map<?, ?> ? (Map<String, Object>) value : null;
  }

  @SuppressWarnings("unchecked")
  public static List<Object> list(Object root, String path) {
    Object value = at(root, path);
    return value instanceof List<?> ? (List<Object>) value : null;
  }
}
