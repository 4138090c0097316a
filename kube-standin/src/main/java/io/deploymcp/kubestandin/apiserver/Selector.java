package io.deploymcp.kubestandin.apiserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A list or watch request's selection evaluated on the stored JSON: resource type, namespace,
 * label selector ({@code =}, {@code ==}, {@code !=}, {@code key}, {@code !key}) and field
 * selector on any dotted field path ({@code involvedObject.name=web-1},
 * {@code status.phase!=Running}). The mock keys objects by a fixed set of attributes and cannot
 * answer field selectors beyond name and namespace; this covers the rest.
 */
record Selector(String api, String plural, String namespace, List<Requirement> labels, List<Requirement> fields) {

  enum Op { EQUALS, NOT_EQUALS, EXISTS, NOT_EXISTS }

  record Requirement(String key, Op op, String value) {
    boolean matches(Optional<String> actual) {
      return switch (op) {
        case EQUALS -> actual.map(value::equals).orElse(false);
        case NOT_EQUALS -> !actual.map(value::equals).orElse(false);
        case EXISTS -> actual.isPresent();
        case NOT_EXISTS -> actual.isEmpty();
      };
    }
  }

  static List<Requirement> parse(String selector) {
    List<Requirement> out = new ArrayList<>();
    if (selector == null || selector.isBlank()) {
      return out;
    }
    for (String part : selector.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int ne = p.indexOf("!=");
      int eq = p.indexOf('=');
      if (ne >= 0) {
        out.add(new Requirement(p.substring(0, ne).trim(), Op.NOT_EQUALS, p.substring(ne + 2).trim()));
      } else if (eq >= 0) {
        String value = p.substring(p.startsWith("==", eq) ? eq + 2 : eq + 1).trim();
        out.add(new Requirement(p.substring(0, eq).trim(), Op.EQUALS, value));
      } else if (p.startsWith("!")) {
        out.add(new Requirement(p.substring(1).trim(), Op.NOT_EXISTS, null));
      } else {
        out.add(new Requirement(p, Op.EXISTS, null));
      }
    }
    return out;
  }

  boolean matches(String objectApi, String objectPlural, JsonNode object) {
    if (!plural.equals(objectPlural) || !java.util.Objects.equals(api, objectApi)) {
      return false;
    }
    JsonNode metadata = object.path("metadata");
    if (namespace != null && !namespace.equals(metadata.path("namespace").asString(""))) {
      return false;
    }
    for (Requirement label : labels) {
      JsonNode value = metadata.path("labels").get(label.key());
      if (!label.matches(value == null || value.isNull() ? Optional.empty() : Optional.of(value.asString("")))) {
        return false;
      }
    }
    for (Requirement field : fields) {
      JsonNode node = object;
      for (String segment : field.key().split("\\.")) {
        node = node.path(segment);
      }
      // A missing field reads as "", as the API server's field sets do.
      String actual = node.isMissingNode() || node.isNull() ? "" : node.asString("");
      if (!field.matches(Optional.of(actual))) {
        return false;
      }
    }
    return true;
  }
}
