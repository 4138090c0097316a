package io.deploymcp.api.registrygc;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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

/**
 * The registry garbage collector's calls (docs/registry-gc.md), with the operator token
 * (DP_OPERATOR_TOKEN), never an API key: thin adapter over {@link RegistryGcOperations}.
 */
@Path("/v1/operator/registry-gc/runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "operator")
public class RegistryGcResource {
  private final RegistryGcOperations operations;

  public RegistryGcResource(RegistryGcOperations operations) {
    this.operations = operations;
  }

  @POST
  @Operation(
      summary = "Open a registry GC run and list what every repository keeps",
      description = "409 REGISTRY_GC_RUNNING while another run is open; dry_run answers 200 and opens nothing.")
  @APIResponse(responseCode = "201", description = "Run opened",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunPlan.class)))
  @APIResponse(responseCode = "200", description = "Dry run",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunPlan.class)))
  public Response open(OpenRunRequest body) {
    RunPlan plan = operations.open(body);
    return Response.status(plan.dryRun() ? 200 : 201).entity(plan).build();
  }

  @POST
  @Path("{run_id}/claims")
  @Operation(
      summary = "Claim manifests to delete: granted ones are recorded as collected",
      description = "The collector deletes only granted digests. 409 REGISTRY_GC_RUN_ENDED for a run that ended.")
  public ClaimsAnswer claims(@RestPath("run_id") String runId, ClaimsRequest body) {
    return operations.claim(runId, body);
  }

  @POST
  @Path("{run_id}/sweep")
  @Operation(
      summary = "Enter the blob sweep phase: no push starts until the run ends",
      description = "409 BUILDS_IN_FLIGHT while pushes are under way.")
  public SweepAnswer sweep(@RestPath("run_id") String runId) {
    return operations.sweep(runId);
  }

  @DELETE
  @Path("{run_id}")
  @Operation(summary = "End the run: pushes resume")
  @APIResponse(responseCode = "204", description = "Ended")
  public Response end(@RestPath("run_id") String runId) {
    operations.end(runId);
    return Response.noContent().build();
  }
}
