package io.deploymcp.api.webhook;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * /v1/webhooks/{github,gitea}: deliveries from git hosts. No API key: the raw body's HMAC
 * signature authenticates them (see {@link WebhookOperations}).
 */
@Path("/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Tag(name = "webhooks")
@SecurityRequirementsSet({})
public class WebhookResource {
  private final WebhookOperations operations;

  public WebhookResource(WebhookOperations operations) {
    this.operations = operations;
  }

  @POST
  @Path("github")
  @Operation(
      summary = "GitHub push webhook",
      description = "Verified by X-Hub-Signature-256 (HMAC-SHA256 of the raw body) with the service's webhook secret"
          + " or the GitHub App's; deduplicated by X-GitHub-Delivery. A push to the service's branch that changes"
          + " root_dir or a watch path deploys the pushed commit. Unverifiable deliveries get 401; every verified"
          + " delivery that starts nothing gets 202 {\"status\": \"ignored\"}.")
  @APIResponse(responseCode = "202", description = "Accepted (deployments started) or ignored",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookAnswer.class)))
  public Response github(byte[] body, HttpHeaders headers) {
    return receive(WebhookProvider.GITHUB, body, headers);
  }

  @POST
  @Path("gitea")
  @Operation(
      summary = "Gitea push webhook",
      description = "Verified by X-Gitea-Signature (hex HMAC-SHA256 of the raw body) with the service's webhook secret;"
          + " deduplicated by X-Gitea-Delivery. Otherwise as the GitHub webhook.")
  @APIResponse(responseCode = "202", description = "Accepted (deployments started) or ignored",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookAnswer.class)))
  public Response gitea(byte[] body, HttpHeaders headers) {
    return receive(WebhookProvider.GITEA, body, headers);
  }

  private Response receive(WebhookProvider provider, byte[] body, HttpHeaders headers) {
    WebhookDelivery delivery =
        new WebhookDelivery(
            provider,
            headers.getHeaderString(provider.eventHeader()),
            headers.getHeaderString(provider.deliveryHeader()),
            headers.getHeaderString(provider.signatureHeader()),
            headers.getHeaderString(HttpHeaders.CONTENT_TYPE),
            body == null ? new byte[0] : body);
    return Response.accepted(operations.receive(delivery)).build();
  }
}
