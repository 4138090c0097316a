package io.deploymcp.temporal;

import io.deploymcp.workflows.DeploySearchAttributes;
import io.deploymcp.workflows.SearchAttributeRegistrar;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Makes sure the namespace has {@link DeploySearchAttributes}. On a server that allows it
 * (self-hosted, the test server) it registers the missing ones through the operator API; on
 * Temporal Cloud, or when AddSearchAttributes answers PERMISSION_DENIED or UNIMPLEMENTED, it
 * lists them and reports the missing ones, because only Cloud's tcld or UI may add them there.
 * A server that allows neither listing nor registering leaves them unchecked (a warning).
 */
public final class SearchAttributeCheck {
  private static final Set<Status.Code> NOT_ALLOWED = Set.of(Status.Code.PERMISSION_DENIED, Status.Code.UNIMPLEMENTED);

  private SearchAttributeCheck() {}

  /**
   * @throws StatusRuntimeException when the server cannot be reached (UNAVAILABLE...): the
   *     caller decides whether to wait
   */
  public static SearchAttributeReport run(WorkflowServiceStubs stubs, TemporalSettings settings) {
    OperatorServiceStubs operator = TemporalStubsOptions.operatorStubs(stubs, settings);
    try {
      if (!settings.cloud()) {
        SearchAttributeReport registered = register(operator, settings.namespace());
        return registered != null ? registered : verify(operator, settings.namespace());
      }
      SearchAttributeReport verified = verify(operator, settings.namespace());
      if (verified.checked()) {
        return verified;
      }
      // Neither Cloud nor a server that lists them: registering is the last way to know.
      SearchAttributeReport registered = register(operator, settings.namespace());
      return registered != null ? registered : verified;
    } finally {
      operator.shutdown();
    }
  }

  /** Null when the server does not let this client register them. */
  private static SearchAttributeReport register(OperatorServiceStubs operator, String namespace) {
    try {
      List<String> added = List.copyOf(SearchAttributeRegistrar.register(operator, namespace).keySet());
      return new SearchAttributeReport(namespace, added, List.of(), true);
    } catch (StatusRuntimeException e) {
      if (!NOT_ALLOWED.contains(e.getStatus().getCode())) {
        throw e;
      }
      return null;
    }
  }

  private static SearchAttributeReport verify(OperatorServiceStubs operator, String namespace) {
    ListSearchAttributesResponse existing;
    try {
      existing =
          operator.blockingStub().listSearchAttributes(ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build());
    } catch (StatusRuntimeException e) {
      if (NOT_ALLOWED.contains(e.getStatus().getCode())) {
        return new SearchAttributeReport(namespace, List.of(), List.of(), false);
      }
      throw e;
    }
    List<String> missing = new ArrayList<>();
    for (var key : DeploySearchAttributes.ALL) {
      if (!existing.getCustomAttributesMap().containsKey(key.getName())
          && !existing.getSystemAttributesMap().containsKey(key.getName())) {
        missing.add(key.getName());
      }
    }
    return new SearchAttributeReport(namespace, List.of(), List.copyOf(missing), true);
  }
}
