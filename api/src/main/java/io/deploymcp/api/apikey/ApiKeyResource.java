package io.deploymcp.api.apikey;

import io.deploymcp.api.audit.Audited;
import io.deploymcp.api.auth.CallerContext;
import io.deploymcp.api.auth.RequiresScope;
import io.deploymcp.api.auth.Scope;
import io.deploymcp.api.paging.Items;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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

/** /v1/api-keys: admin only. */
@Path("/v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ADMIN)
@Tag(name = "api-keys")
public class ApiKeyResource {
  private final ApiKeyOperations operations;
  private final CallerContext caller;

  public ApiKeyResource(ApiKeyOperations operations, CallerContext caller) {
    this.operations = operations;
    this.caller = caller;
  }

  @POST
  @Audited("api_key.create")
  @Operation(summary = "Create an API key", description = "The key is in this response only; the platform keeps just its hash.")
  @APIResponse(responseCode = "201", description = "Created",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedApiKey.class)))
  public Response create(CreateApiKeyRequest body) {
    return Response.status(Response.Status.CREATED).entity(operations.create(caller.get(), body)).build();
  }

  @GET
  @Operation(summary = "List API keys", description = "Prefixes and metadata; never the keys.")
  public Items<ApiKeyView> list() {
    return new Items<>(operations.list(caller.get()));
  }

  @DELETE
  @Path("{id}")
  @Audited("api_key.revoke")
  @Operation(summary = "Revoke an API key", description = "It stops working at once.")
  public Response revoke(@RestPath String id) {
    operations.revoke(caller.get(), id);
    return Response.noContent().build();
  }
}
