package io.deploymcp.api.logs;

import io.deploymcp.api.auth.CallerContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** /v1/services/{name}/logs: a thin adapter over {@link LogOperations}. */
@Path("/v1/services/{name}/logs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "logs")
public class LogResource {
  private final LogOperations operations;
  private final CallerContext caller;

  public LogResource(LogOperations operations, CallerContext caller) {
    this.operations = operations;
    this.caller = caller;
  }

  @GET
  @Operation(
      summary = "Read a service's build log or runtime log",
      description = "type=build (default): a deployment's build log from the log store, newest first, secrets masked;"
          + " without deployment_id the latest deployment; pass next_cursor as cursor for older lines."
          + " type=runtime: the last lines the service's containers wrote in one environment (default production),"
          + " from the cluster's pod log API: newest pod first, newest line first, at most limit lines and 256 KiB,"
          + " secret env values masked; previous=true reads the container instance before the last restart (the one"
          + " that crashed). Runtime logs need a cluster: 503 CLUSTER_NOT_CONFIGURED without one,"
          + " 503 CLUSTER_UNAVAILABLE when it cannot be read.")
  @APIResponse(responseCode = "200", description = "A build log page (type=build) or runtime lines (type=runtime)",
      content = @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(oneOf = {LogPageView.class, RuntimeLogView.class})))
  public LogsView read(
      @RestPath String name,
      @Parameter(description = "build (default) or runtime",
          schema = @Schema(type = SchemaType.STRING, enumeration = {"build", "runtime"}, defaultValue = "build"))
          @RestQuery String type,
      @Parameter(description = "type=build: a deployment of this service; default: the latest") @RestQuery("deployment_id")
          String deploymentId,
      @Parameter(description = "Lines, 1-1000",
          schema = @Schema(type = SchemaType.INTEGER, defaultValue = "100")) @RestQuery String limit,
      @Parameter(description = "type=build: next_cursor of the previous page") @RestQuery String cursor,
      @Parameter(description = "type=runtime: production (default) or preview",
          schema = @Schema(type = SchemaType.STRING, enumeration = {"production", "preview"}, defaultValue = "production"))
          @RestQuery String environment,
      @Parameter(description = "type=runtime: true reads the previous container instance (before the last restart)",
          schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false")) @RestQuery String previous) {
    return operations.read(
        caller.get(), name, new LogOperations.Params(type, deploymentId, limit, cursor, environment, previous));
  }
}
