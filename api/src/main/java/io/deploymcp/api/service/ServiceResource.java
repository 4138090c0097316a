package io.deploymcp.api.service;

import io.deploymcp.api.audit.Audited;
import io.deploymcp.api.auth.CallerContext;
import io.deploymcp.api.auth.RequiresScope;
import io.deploymcp.api.auth.Scope;
import io.deploymcp.api.deployment.DeployRequestBody;
import io.deploymcp.api.deployment.DeploymentOperations;
import io.deploymcp.api.deployment.DeploymentView;
import io.deploymcp.api.paging.Limit;
import io.deploymcp.api.paging.Page;
import io.deploymcp.api.paging.PageRequest;
import io.deploymcp.api.release.PublishRequest;
import io.deploymcp.api.release.ReleaseOperations;
import io.deploymcp.api.release.RollbackRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
import org.jboss.resteasy.reactive.RestQuery;

/**
 * /v1/services and the deploys of one service: a thin adapter over {@link ServiceOperations},
 * {@link DeploymentOperations} and {@link ReleaseOperations} (publish, rollback). The deploy routes live here because JAX-RS picks the
 * resource class by its path first and does not fall back to another class.
 */
@Path("/v1/services")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "services")
public class ServiceResource {
  private final ServiceOperations operations;
  private final DeploymentOperations deployments;
  private final ReleaseOperations releases;
  private final CallerContext caller;

  public ServiceResource(
      ServiceOperations operations, DeploymentOperations deployments, ReleaseOperations releases,
      CallerContext caller) {
    this.operations = operations;
    this.deployments = deployments;
    this.releases = releases;
    this.caller = caller;
  }

  @POST
  @RequiresScope(Scope.DEPLOY)
  @Audited("service.create")
  @Operation(
      summary = "Create a service and start its first deploy",
      description = "Answers at once (202) with the service, its URL and the deployment id; the build runs in the background."
          + " Sending the identical request again (same name and repo) returns the existing service with 200 and builds nothing.")
  @APIResponse(responseCode = "202", description = "Created; the deploy is queued",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedService.class)))
  @APIResponse(responseCode = "200", description = "The same tenant already has this service with this repo",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedService.class)))
  public Response create(CreateServiceRequest body) {
    ServiceOperations.CreateOutcome outcome = operations.create(caller.get(), body);
    return Response.status(outcome.created() ? Response.Status.ACCEPTED : Response.Status.OK)
        .entity(outcome.body())
        .build();
  }

  @GET
  @Operation(summary = "List services", description = "By name; pass next_cursor as cursor for the next page.")
  public Page<ServiceView> list(@RestQuery String project, @RestQuery String cursor, @RestQuery String limit) {
    return operations.list(caller.get(), project, PageRequest.of(Limit.parse(limit), cursor, 1));
  }

  @GET
  @Path("{name}")
  @Operation(
      summary = "Get a service with its latest deployment and each environment's live deployment and status",
      description = "environments.production/preview.live is read from the cluster (cached for a few seconds,"
          + " observed_at says when): ready/desired/updated/available replicas, restarts and the pods with phase,"
          + " restart count and, when unhealthy, a reason (CrashLoopBackOff, ImagePullBackOff, ...) and how the"
          + " previous container ended (OOMKilled, Error). live.state is ok, not_configured (no cluster) or"
          + " unavailable (with a reason); a cluster failure never fails this GET.")
  public ServiceView get(@RestPath String name) {
    return operations.show(caller.get(), name);
  }

  @PATCH
  @Path("{name}")
  @RequiresScope(Scope.DEPLOY)
  @Audited("service.update")
  @Operation(summary = "Change a service's settings", description = "Takes effect with the next deploy; name and project are immutable.")
  public UpdatedService update(@RestPath String name, UpdateServiceRequest body) {
    return operations.update(caller.get(), name, body);
  }

  @DELETE
  @Path("{name}")
  @RequiresScope(Scope.DEPLOY)
  @Audited("service.delete")
  @Operation(summary = "Delete a service", description = "It disappears from reads at once; cleanup runs in a workflow.")
  @APIResponse(responseCode = "202", description = "Deleted; cleanup started",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeletedService.class)))
  public Response delete(@RestPath String name) {
    return Response.accepted(operations.delete(caller.get(), name)).build();
  }

  @POST
  @Path("{name}/deploys")
  @RequiresScope(Scope.DEPLOY)
  @Audited("deployment.create")
  @Tag(name = "deployments")
  @Operation(summary = "Deploy a service again", description = "Answers at once (202); a newer deploy supersedes older running ones.")
  @APIResponse(responseCode = "202", description = "Queued",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeploymentView.class)))
  public Response deploy(@RestPath String name, DeployRequestBody body) {
    return Response.accepted(deployments.deploy(caller.get(), name, body)).build();
  }

  @POST
  @Path("{name}/publish")
  @RequiresScope(Scope.DEPLOY)
  @Audited("deployment.publish")
  @Tag(name = "deployments")
  @Operation(
      summary = "Publish: production runs the preview's exact image",
      description = "No rebuild: a new production deployment (trigger publish) runs the image, by digest, of the"
          + " preview's live deployment or of the named preview deployment that ran, and records it as its source."
          + " Answers at once (202). 409 NOTHING_TO_PUBLISH without a live preview, DEPLOYMENT_NOT_PUBLISHABLE for a"
          + " deployment that is not a preview one that ran, ALREADY_LIVE when production runs that image already;"
          + " 404 DEPLOYMENT_NOT_FOUND for an id that is not this service's.")
  @APIResponse(responseCode = "202", description = "Queued",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeploymentView.class)))
  public Response publish(@RestPath String name, PublishRequest body) {
    return Response.accepted(releases.publish(caller.get(), name, body)).build();
  }

  @POST
  @Path("{name}/rollback")
  @RequiresScope(Scope.DEPLOY)
  @Audited("deployment.rollback")
  @Tag(name = "deployments")
  @Operation(
      summary = "Roll production back to an earlier image",
      description = "No rebuild: a new production deployment (trigger rollback) runs the image of the previous good"
          + " production deployment (the newest that ran before the live one, with another image) or of the named"
          + " production deployment that ran, and records it as its source. Answers at once (202). 409"
          + " NOTHING_TO_ROLL_BACK when there is none, DEPLOYMENT_NOT_ROLLBACKABLE for a deployment that is not a"
          + " production one that ran, ALREADY_LIVE when production runs that image already; 404"
          + " DEPLOYMENT_NOT_FOUND for an id that is not this service's.")
  @APIResponse(responseCode = "202", description = "Queued",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeploymentView.class)))
  public Response rollback(@RestPath String name, RollbackRequest body) {
    return Response.accepted(releases.rollback(caller.get(), name, body)).build();
  }

  @GET
  @Path("{name}/deployments")
  @Tag(name = "deployments")
  @Operation(summary = "List a service's deployments", description = "Newest first.")
  public Page<DeploymentView> deployments(@RestPath String name, @RestQuery String cursor, @RestQuery String limit) {
    return deployments.list(caller.get(), name, PageRequest.of(Limit.parse(limit), cursor, 2));
  }
}
