package io.deploymcp.api.deployment;

import io.deploymcp.api.audit.Audited;
import io.deploymcp.api.auth.AcceptsSessionCookie;
import io.deploymcp.api.auth.CallerContext;
import io.deploymcp.api.events.DeploymentEventStreams;
import io.deploymcp.api.events.SseEvents;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestHeader;
import io.deploymcp.api.auth.RequiresScope;
import io.deploymcp.api.auth.Scope;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Single deployments: thin adapter over {@link DeploymentOperations}. */
@Path("/v1/deployments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "deployments")
public class DeploymentResource {
  private final DeploymentOperations operations;
  private final DeploymentEventStreams events;
  private final CallerContext caller;

  public DeploymentResource(DeploymentOperations operations, DeploymentEventStreams events, CallerContext caller) {
    this.operations = operations;
    this.events = events;
    this.caller = caller;
  }

  @GET
  @Path("{id}")
  @Operation(summary = "Get a deployment: status, phase timings, commit, image, error")
  public DeploymentView get(@RestPath String id) {
    return operations.get(caller.get(), id);
  }

  @GET
  @Path("{id}/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Blocking // the checks read the database before the stream opens
  @AcceptsSessionCookie
  @Operation(
      summary = "Follow a deployment live (Server-Sent Events)",
      description = "Events `phase` (status changes), `log` (build log lines), `rollout` (ready/desired, pods with"
          + " phase and reason), `result` (the end: status, image, error), `gap` (build log lines dropped by retention"
          + " before they were sent); `data` is JSON. Each event's id is `<event seq>.<log seq>`: send it back as"
          + " `Last-Event-ID` to resume exactly after it, on any API replica. A comment line every DP_EVENTS_KEEPALIVE"
          + " (15 s) keeps an idle stream open. The stream ends after `result`; a finished deployment replays its"
          + " events and ends. 404 as for GET /v1/deployments/{id}; 400 INVALID_CURSOR for a Last-Event-ID of no"
          + " stream; 429 TOO_MANY_EVENT_STREAMS / 503 EVENT_STREAMS_OVERLOADED with Retry-After past the bounds.")
  @APIResponse(responseCode = "200", description = "The event stream",
      content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
  public Multi<OutboundSseEvent> events(
      @RestPath String id,
      @Parameter(description = "The id of the last event received; the stream resumes after it")
          @RestHeader("Last-Event-ID") String lastEventId,
      @Context Sse sse) {
    DeploymentEventStreams.Opened opened = events.open(caller.get(), id, lastEventId);
    return Multi.createFrom().publisher(opened.events()).map(event -> SseEvents.of(sse, event));
  }

  @POST
  @Path("{id}/cancel")
  @RequiresScope(Scope.DEPLOY)
  @Audited("deployment.cancel")
  @Operation(summary = "Cancel a running deployment", description = "409 DEPLOYMENT_FINISHED when it already ended.")
  @APIResponse(responseCode = "202", description = "Cancellation requested",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CancelledDeployment.class)))
  public Response cancel(@RestPath String id) {
    return Response.accepted(operations.cancel(caller.get(), id)).build();
  }
}
