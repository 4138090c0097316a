package io.deploymcp.workflows;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers {@link DeploySearchAttributes} on a namespace. Idempotent: only missing keys are
 * added, so every worker (and the local stack) can call it at start.
 */
public final class SearchAttributeRegistrar {
  private SearchAttributeRegistrar() {}

  private static boolean add(
      OperatorServiceStubs operator, String namespace, Map<String, IndexedValueType> attributes) {
    try {
      operator
          .blockingStub()
          .addSearchAttributes(
              AddSearchAttributesRequest.newBuilder()
                  .setNamespace(namespace)
                  .putAllSearchAttributes(attributes)
                  .build());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
        return false;
      }
      throw e;
    }
  }

  /** Returns the names it added (empty when all were present). */
  public static Map<String, IndexedValueType> register(WorkflowServiceStubs stubs, String namespace) {
    return register(
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(stubs.getRawChannel())
                .validateAndBuildWithDefaults()),
        namespace);
  }

  /**
   * The same over given operator stubs: temporal-client's carry the API key, which the raw
   * channel of the workflow stubs does not.
   */
  public static Map<String, IndexedValueType> register(OperatorServiceStubs operator, String namespace) {
    Map<String, IndexedValueType> missing = new LinkedHashMap<>();
    for (var key : DeploySearchAttributes.ALL) {
      missing.put(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    try {
      ListSearchAttributesResponse existing =
          operator
              .blockingStub()
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build());
      missing.keySet().removeAll(existing.getCustomAttributesMap().keySet());
      missing.keySet().removeAll(existing.getSystemAttributesMap().keySet());
    } catch (StatusRuntimeException e) {
      // Temporal's Java test server implements add but not list: add one by one and treat
      // ALREADY_EXISTS as present.
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
        throw e;
      }
      Map<String, IndexedValueType> added = new LinkedHashMap<>();
      missing.forEach((name, type) -> {
        if (add(operator, namespace, Map.of(name, type))) {
          added.put(name, type);
        }
      });
      return added;
    }
    if (!missing.isEmpty()) {
      add(operator, namespace, missing);
    }
    return missing;
  }
}
