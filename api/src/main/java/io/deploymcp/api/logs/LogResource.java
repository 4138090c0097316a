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
      summary = "Read a service's build log or runtime log, filtered",
      description = "type=build (default): a deployment's build log (without deployment_id the latest deployment),"
          + " from the PostgreSQL log store, or from Loki when the API has LOKI_URL; secrets masked by the worker."
          + " type=runtime: what the service's containers wrote in one environment (default production): without"
          + " LOKI_URL from the cluster's pod log API (the newest pods, at most limit lines and 256 KiB, no cursor;"
          + " previous=true reads the instance before the last restart), with LOKI_URL from Loki (every pod within"
          + " retention, replaced and crashed ones included, paged by cursor); secret env values masked."
          + " Filters, the same for REST and MCP: since/until (RFC 3339 with offset, or an age like 15m, 2h, 7d;"
          + " since inclusive, until exclusive; until not on the pod log path), contains (case-sensitive substring of"
          + " the masked line, 1-256 characters), level (error|warn|info|debug: lines whose text names that level or"
          + " a more severe one, e.g. level=warn, [ERROR], npm ERR!; lines naming none have no level), order (newest"
          + " first by default, oldest to read a build top-down). Pass next_cursor as cursor with the same order for"
          + " the next page. GET /v1/status says which backend each type uses. Bad values: 400 INVALID_TIME,"
          + " INVALID_LOG_LEVEL, INVALID_PARAMETER, INVALID_LIMIT, INVALID_CURSOR; 503 LOGS_UNAVAILABLE when Loki"
          + " cannot be read, CLUSTER_NOT_CONFIGURED / CLUSTER_UNAVAILABLE on the pod log path.")
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
      @Parameter(description = "next_cursor of the previous page (same order)") @RestQuery String cursor,
      @Parameter(description = "type=runtime: production (default) or preview",
          schema = @Schema(type = SchemaType.STRING, enumeration = {"production", "preview"}, defaultValue = "production"))
          @RestQuery String environment,
      @Parameter(description = "type=runtime, pod log API only: true reads the previous container instance",
          schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false")) @RestQuery String previous,
      @Parameter(description = "Lines at or after: RFC 3339 (2026-01-02T15:04:05Z) or an age (30s, 15m, 2h, 7d)",
          example = "15m") @RestQuery String since,
      @Parameter(description = "Lines before: RFC 3339 or an age; not for runtime logs from the pod log API")
          @RestQuery String until,
      @Parameter(description = "Case-sensitive substring of the masked line, 1-256 characters",
          schema = @Schema(type = SchemaType.STRING, maxLength = 256)) @RestQuery String contains,
      @Parameter(description = "This level or more severe, from the line's text; lines without a level token are left out",
          schema = @Schema(type = SchemaType.STRING, enumeration = {"error", "warn", "info", "debug"}))
          @RestQuery String level,
      @Parameter(description = "newest (default) or oldest first",
          schema = @Schema(type = SchemaType.STRING, enumeration = {"newest", "oldest"}, defaultValue = "newest"))
          @RestQuery String order) {
    return operations.read(
        caller.get(), name,
        new LogOperations.Params(
            type, deploymentId, limit, cursor, environment, previous, since, until, contains, level, order));
  }
}
