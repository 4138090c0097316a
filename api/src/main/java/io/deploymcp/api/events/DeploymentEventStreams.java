package io.deploymcp.api.events;

import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.deployment.DeploymentOperations;
import io.deploymcp.api.deployment.DeploymentView;
import jakarta.inject.Singleton;
import java.util.concurrent.Flow;

/**
 * Opens a deployment's event stream for a caller, the one path REST (SSE) and MCP
 * ({@code wait_seconds}) share: the caller must be able to read the deployment (a bad id,
 * another tenant's or another service's under a key restriction are the same answers as for
 * {@code GET /v1/deployments/{id}}), then the cursor is parsed and a stream slot taken, all
 * before anything is sent.
 */
@Singleton
public class DeploymentEventStreams {
  private final DeploymentOperations deployments;
  private final DeploymentEventHub hub;
  private final EventStreamLimits limits;

  public DeploymentEventStreams(DeploymentOperations deployments, DeploymentEventHub hub, EventStreamLimits limits) {
    this.deployments = deployments;
    this.hub = hub;
    this.limits = limits;
  }

  /** An opened stream: the deployment as it was when it opened, and its events. */
  public record Opened(DeploymentView deployment, Flow.Publisher<StreamEvent> events) {}

  /** For an SSE client: counted against the stream limits until it ends. */
  public Opened open(Caller caller, String deploymentId, String lastEventId) {
    DeploymentView deployment = deployments.get(caller, deploymentId);
    EventCursor from = EventCursor.parse(lastEventId);
    EventStreamLimits.Permit permit = limits.acquire(caller.tenantId());
    try {
      return new Opened(deployment, hub.stream(deployment.id(), from, permit::close));
    } catch (RuntimeException e) {
      permit.close();
      throw e;
    }
  }

  /** For a tool call waiting in this process (no stream slot: the tool call is bounded already). */
  public Opened follow(Caller caller, String deploymentId) {
    DeploymentView deployment = deployments.get(caller, deploymentId);
    return new Opened(deployment, hub.stream(deployment.id(), EventCursor.START, () -> {}));
  }
}
