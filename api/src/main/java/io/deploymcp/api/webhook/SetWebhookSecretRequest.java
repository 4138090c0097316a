package io.deploymcp.api.webhook;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Optional body of POST /v1/services/{name}/webhook-secret. */
public record SetWebhookSecretRequest(
    @Schema(description = "A secret of your own (16-256 printable ASCII characters), e.g. one a Gitea"
        + " webhook already uses; omit it to get a generated one") String secret) {

  @Override
  public String toString() {
    return "SetWebhookSecretRequest[secret=***]";
  }
}
