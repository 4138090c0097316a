package io.deploymcp.api.logs;

import io.deploymcp.api.auth.CallerContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
      summary = "Read a deployment's build log",
      description = "Lines newest first, secrets masked; pass next_cursor as cursor for older lines."
          + " Without deployment_id the service's latest deployment is read. type=runtime answers"
          + " 501 LOG_TYPE_NOT_AVAILABLE until the Loki log backend arrives.")
  public LogPageView read(
      @RestPath String name,
      @Parameter(description = "build (default); runtime is not available yet",
          schema = @Schema(type = SchemaType.STRING, enumeration = {"build", "runtime"}, defaultValue = "build"))
          @RestQuery String type,
      @Parameter(description = "A deployment of this service; default: the latest") @RestQuery("deployment_id")
          String deploymentId,
      @Parameter(description = "Lines per page, 1-1000",
          schema = @Schema(type = SchemaType.INTEGER, defaultValue = "100")) @RestQuery String limit,
      @Parameter(description = "next_cursor of the previous page") @RestQuery String cursor) {
    return operations.read(caller.get(), name, type, deploymentId, limit, cursor);
  }
}
