package io.deploymcp.kubestandin.apiserver;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.stream.Collectors;

/** Error answers in the API server's shape: a {@code Status} object with code and reason. */
final class ApiStatus {

  private ApiStatus() {}

  static MockResponse of(int code, String reason, String message) {
    Status status = new StatusBuilder().withStatus("Failure").withReason(reason).withCode(code)
        .withMessage(message).build();
    return new MockResponse().setResponseCode(code).setBody(Serialization.asJson(status));
  }

  /** 409 for an apply that would change fields other managers own, worded as an API server does. */
  static MockResponse conflict(List<ServerSideApply.FieldConflict> conflicts, String kind, String name) {
    String summary = conflicts.stream()
        .map(c -> "conflict with \"" + c.manager() + "\": " + FieldSet.dotted(c.path()))
        .collect(Collectors.joining("; "));
    List<StatusCause> causes = conflicts.stream()
        .map(c -> new StatusCauseBuilder()
            .withReason("FieldManagerConflict")
            .withMessage("conflict with \"" + c.manager() + "\"")
            .withField(FieldSet.dotted(c.path()))
            .build())
        .toList();
    Status status = new StatusBuilder()
        .withStatus("Failure")
        .withReason("Conflict")
        .withCode(409)
        .withMessage("Apply failed with " + conflicts.size() + (conflicts.size() == 1 ? " conflict: " : " conflicts: ")
            + summary)
        .withNewDetails().withKind(kind).withName(name).withCauses(causes).endDetails()
        .build();
    return new MockResponse().setResponseCode(409).setBody(Serialization.asJson(status));
  }
}
