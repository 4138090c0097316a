package io.deploymcp.kubestandin.apiserver;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reading what the mock stores: JSON text per object, keyed by an {@link AttributeSet}. */
final class StoredObjects {

  private StoredObjects() {}

  /** One attribute of a key ({@code plural}, {@code namespace}, {@code name}, {@code api}...). */
  static String attribute(AttributeSet set, String key) {
    Attribute attribute = set.getAttribute(key);
    if (attribute == null || attribute.getValues().isEmpty()) {
      return null;
    }
    return attribute.getValues().getFirst().toString();
  }

  /** A JSON (or, for apply bodies, YAML) object; IllegalArgumentException otherwise. */
  static ObjectNode parse(String body) {
    if (body == null || body.isBlank()) {
      throw new IllegalArgumentException("the request body is empty");
    }
    JsonNode node;
    try {
      node = Serialization.jsonMapper().readTree(body);
    } catch (JacksonException notJson) {
      try {
        node = Serialization.yamlMapper().readTree(body);
      } catch (JacksonException e) {
        throw new IllegalArgumentException("the request body is neither JSON nor YAML: " + e.getOriginalMessage());
      }
    }
    if (!(node instanceof ObjectNode object)) {
      throw new IllegalArgumentException("the request body is not an object");
    }
    return object;
  }

  /** The REST path of a stored object, rebuilt from the attributes the mock keys it by. */
  static String pathOf(AttributeSet key) {
    String plural = attribute(key, "plural");
    String name = attribute(key, "name");
    String version = attribute(key, "version");
    if (plural == null || name == null || version == null) {
      return null;
    }
    String api = attribute(key, "api");
    String namespace = attribute(key, "namespace");
    return (api == null ? "/api/" : "/apis/" + api + "/") + version
        + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + plural + "/" + name;
  }
}
