package io.deploymcp.api.whoami;

import io.deploymcp.api.auth.CallerContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/whoami")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "auth")
public class WhoamiResource {
  private final CallerContext caller;

  public WhoamiResource(CallerContext caller) {
    this.caller = caller;
  }

  @GET
  @Operation(summary = "The tenant and scopes of the calling API key")
  public WhoamiView whoami() {
    return WhoamiView.of(caller.get());
  }
}
