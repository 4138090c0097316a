package io.deploymcp.api.webhook;

import io.deploymcp.api.idempotency.ContainsSecret;
import java.util.List;

/**
 * Answer of POST /v1/services/{name}/webhook-secret: the only response that shows the secret.
 * {@code endpoints} are the paths to configure on the git host (under the API's public URL).
 */
public record WebhookSecretSet(String service, String secret, List<String> endpoints, String hint)
    implements ContainsSecret {

  @Override
  public Object withoutSecret() {
    return new WebhookSecretSet(
        service, null, endpoints,
        "This is a replay: the secret was shown only in the first response. Set a new one if it was lost.");
  }

  @Override
  public String toString() {
    return "WebhookSecretSet[" + service + "]";
  }
}
