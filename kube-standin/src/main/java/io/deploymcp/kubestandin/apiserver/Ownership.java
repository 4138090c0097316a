package io.deploymcp.kubestandin.apiserver;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@code metadata.managedFields} entry of the stand-in: which manager, through which
 * operation ({@code Apply} or {@code Update}), owns which fields.
 */
public record Ownership(String manager, String operation, String apiVersion, String time, FieldSet fields) {

  public static final String APPLY = "Apply";
  public static final String UPDATE = "Update";

  public Ownership withFields(FieldSet newFields) {
    return new Ownership(manager, operation, apiVersion, time, newFields);
  }

  public Ownership withTime(String newTime) {
    return new Ownership(manager, operation, apiVersion, newTime, fields);
  }

  boolean sameManager(String otherManager, String otherOperation) {
    return manager.equals(otherManager) && operation.equals(otherOperation);
  }

  /** The entries stored in an object's {@code metadata.managedFields}. */
  public static List<Ownership> read(JsonNode object) {
    List<Ownership> out = new ArrayList<>();
    JsonNode entries = object.path("metadata").path("managedFields");
    if (entries.isArray()) {
      for (JsonNode e : entries) {
        out.add(new Ownership(
            e.path("manager").asString(""),
            e.path("operation").asString(""),
            e.path("apiVersion").asString(""),
            e.path("time").asString(""),
            FieldSet.fromFieldsV1(e.path("fieldsV1"))));
      }
    }
    return out;
  }

  static ArrayNode write(List<Ownership> entries) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (Ownership o : entries) {
      ObjectNode e = array.addObject();
      e.put("manager", o.manager());
      e.put("operation", o.operation());
      e.put("apiVersion", o.apiVersion());
      e.put("time", o.time());
      e.put("fieldsType", "FieldsV1");
      e.set("fieldsV1", o.fields().toFieldsV1());
    }
    return array;
  }

  /** The entries of a resource read through the fabric8 client. */
  public static List<Ownership> of(HasMetadata resource) {
    List<ManagedFieldsEntry> entries = resource.getMetadata().getManagedFields();
    if (entries == null) {
      return List.of();
    }
    JsonNode node = Serialization.jsonMapper().valueToTree(resource);
    return read(node);
  }

  /** {@code manager}'s Apply entry of a resource read through the client; empty when it has none. */
  public static Optional<Ownership> applyOf(HasMetadata resource, String manager) {
    return of(resource).stream().filter(o -> o.sameManager(manager, APPLY)).findFirst();
  }
}
