package io.deploymcp.api.status;

/**
 * GET /v1/status: every component the platform depends on. {@code ready} is true when the
 * control plane itself (database and Temporal) works; builds and deploys also need the rest.
 * {@code logs} says where each log type is read from.
 */
public record StatusReport(
    boolean ready,
    ComponentStatus database,
    ComponentStatus temporal,
    ComponentStatus buildkit,
    ComponentStatus registry,
    ComponentStatus kubernetes,
    ComponentStatus loki,
    Logs logs) {

  /**
   * The backend of each log type: build {@code postgres} or {@code loki}, runtime
   * {@code kubernetes} (the pod log API) or {@code loki}; Loki when LOKI_URL is set on the API.
   */
  public record Logs(String build, String runtime) {}
}
