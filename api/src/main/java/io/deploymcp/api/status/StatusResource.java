package io.deploymcp.api.status;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/status")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "status")
public class StatusResource {
  private final StatusService status;

  public StatusResource(StatusService status) {
    this.status = status;
  }

  @GET
  @Operation(
      summary = "What the platform can do right now",
      description = "database, temporal, buildkit, registry, kubernetes, loki: ok | not_configured | misconfigured | unreachable, each with a reason.")
  public StatusReport status() {
    return status.report();
  }
}
