package io.deploymcp.api.env;

import io.deploymcp.api.audit.Audited;
import io.deploymcp.api.auth.CallerContext;
import io.deploymcp.api.auth.RequiresScope;
import io.deploymcp.api.auth.Scope;
import io.deploymcp.api.paging.Items;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** /v1/services/{name}/env: names and update times out, encrypted values in. */
@Path("/v1/services/{name}/env")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "env")
public class EnvResource {
  private final EnvOperations operations;
  private final CallerContext caller;

  public EnvResource(EnvOperations operations, CallerContext caller) {
    this.operations = operations;
    this.caller = caller;
  }

  @GET
  @Operation(summary = "List env variable names", description = "Names and update times only: values are never returned.")
  public Items<EnvVarView> list(@RestPath String name) {
    return new Items<>(operations.list(caller.get(), name));
  }

  @PUT
  @Path("{key}")
  @RequiresScope(Scope.DEPLOY)
  @Audited("env.set")
  @Operation(summary = "Set an env variable", description = "Applies with the next deploy.")
  public EnvVarSet put(@RestPath String name, @RestPath String key, PutEnvRequest body) {
    return operations.put(caller.get(), name, key, body);
  }

  @DELETE
  @Path("{key}")
  @RequiresScope(Scope.DEPLOY)
  @Audited("env.delete")
  @Operation(summary = "Remove an env variable", description = "Applies with the next deploy.")
  public Response delete(@RestPath String name, @RestPath String key) {
    operations.delete(caller.get(), name, key);
    return Response.noContent().build();
  }
}
