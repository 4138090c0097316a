package io.deploymcp.api.whoami;

import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.auth.CallerContext;
import io.deploymcp.api.auth.Scope;
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
    Caller c = caller.get();
    return new WhoamiView(
        c.tenantName(), c.keyPrefix(), c.keyName(), c.scopes().stream().sorted().map(Scope::wireName).toList());
  }
}
