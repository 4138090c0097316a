package io.deploymcp.api.apikey;

import io.deploymcp.api.idempotency.ContainsSecret;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A new API key, with the key itself: this is the only response that ever shows it. */
public record CreatedApiKey(
    UUID id,
    String name,
    String prefix,
    String key,
    List<String> scopes,
    List<String> services,
    String project,
    Instant expiresAt,
    Instant createdAt,
    String hint) implements ContainsSecret {

  @Override
  public Object withoutSecret() {
    return new CreatedApiKey(
        id, name, prefix, null, scopes, services, project, expiresAt, createdAt,
        "This is a replay: the key was shown only in the first response. Revoke it and create another if it was lost.");
  }

  @Override
  public String toString() {
    return "CreatedApiKey[" + prefix + "]";
  }
}
