package io.deploymcp.api.deployment;

import io.deploymcp.api.audit.Audited;
import io.deploymcp.api.auth.CallerContext;
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
  private final CallerContext caller;

  public DeploymentResource(DeploymentOperations operations, CallerContext caller) {
    this.operations = operations;
    this.caller = caller;
  }

  @GET
  @Path("{id}")
  @Operation(summary = "Get a deployment: status, phase timings, commit, image, error")
  public DeploymentView get(@RestPath String id) {
    return operations.get(caller.get(), id);
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
