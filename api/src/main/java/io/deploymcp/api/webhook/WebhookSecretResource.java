package io.deploymcp.api.webhook;

import io.deploymcp.api.audit.Audited;
import io.deploymcp.api.auth.CallerContext;
import io.deploymcp.api.auth.RequiresScope;
import io.deploymcp.api.auth.Scope;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** /v1/services/{name}/webhook-secret: a thin adapter over {@link WebhookSecretOperations}. */
@Path("/v1/services/{name}/webhook-secret")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "webhooks")
public class WebhookSecretResource {
  private final WebhookSecretOperations operations;
  private final CallerContext caller;

  public WebhookSecretResource(WebhookSecretOperations operations, CallerContext caller) {
    this.operations = operations;
    this.caller = caller;
  }

  @POST
  @RequiresScope(Scope.DEPLOY)
  @Audited("service.webhook_secret.set")
  @Operation(
      summary = "Set or rotate the service's webhook secret",
      description = "Returns the secret once; the previous one stops verifying at once. Configure it on the git host"
          + " for POST /v1/webhooks/github or /v1/webhooks/gitea. The body is optional.")
  public WebhookSecretSet set(@RestPath String name, SetWebhookSecretRequest body) {
    return operations.set(caller.get(), name, body);
  }

  @DELETE
  @RequiresScope(Scope.DEPLOY)
  @Audited("service.webhook_secret.delete")
  @Operation(summary = "Remove the service's webhook secret", description = "Deliveries signed with it are refused from now on.")
  public Response delete(@RestPath String name) {
    operations.delete(caller.get(), name);
    return Response.noContent().build();
  }
}
