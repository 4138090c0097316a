package io.deploymcp.kubestandin.apiserver;

import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/namespaces/{ns}/pods/{name}/log} with {@code container}, {@code previous}
 * and {@code tailLines}, answered from {@link ContainerLogs} with the kubelet's error messages
 * (a container name is required for multi-container pods; no previous instance; still waiting).
 * {@code follow}, {@code sinceSeconds}, {@code timestamps} and {@code limitBytes} are ignored.
 */
final class PodLogEndpoint {

  private PodLogEndpoint() {}

  static MockResponse respond(String namespace, String pod, JsonNode podObject, QueryString query, ContainerLogs logs) {
    List<String> containers = new ArrayList<>();
    for (JsonNode c : podObject.path("spec").path("containers")) {
      containers.add(c.path("name").asString(""));
    }
    String container = query.get("container").orElse(null);
    if (container == null) {
      if (containers.size() != 1) {
        return ApiStatus.of(400, "BadRequest", "a container name must be specified for pod " + pod
            + ", choose one of: " + containers);
      }
      container = containers.getFirst();
    } else if (!containers.contains(container)) {
      return ApiStatus.of(400, "BadRequest", "container " + container + " is not valid for pod " + pod);
    }
    boolean previous = query.isTrue("previous");
    Optional<List<String>> lines = previous
        ? logs.previous(namespace, pod, container)
        : logs.current(namespace, pod, container);
    if (lines.isEmpty()) {
      return ApiStatus.of(400, "BadRequest", previous
          ? "previous terminated container \"" + container + "\" in pod \"" + pod + "\" not found"
          : "container \"" + container + "\" in pod \"" + pod + "\" is waiting to start: "
              + waitingReason(podObject, container));
    }
    List<String> out = lines.get();
    Optional<String> tail = query.get("tailLines");
    if (tail.isPresent()) {
      try {
        int n = Math.max(0, Integer.parseInt(tail.get()));
        out = out.subList(Math.max(0, out.size() - n), out.size());
      } catch (NumberFormatException e) {
        return ApiStatus.of(400, "BadRequest", "tailLines must be a number: " + tail.get());
      }
    }
    String text = out.isEmpty() ? "" : String.join("\n", out) + "\n";
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(text);
  }

  private static String waitingReason(JsonNode podObject, String container) {
    for (JsonNode status : podObject.path("status").path("containerStatuses")) {
      if (container.equals(status.path("name").asString(""))) {
        String reason = status.path("state").path("waiting").path("reason").asString("");
        if (!reason.isEmpty()) {
          return reason;
        }
      }
    }
    return "ContainerCreating";
  }
}
