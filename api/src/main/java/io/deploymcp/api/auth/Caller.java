package io.deploymcp.api.auth;

import java.util.Set;
import java.util.UUID;

/** The authenticated API key behind a request, and the tenant it belongs to. */
public record Caller(
    UUID tenantId, String tenantName, UUID apiKeyId, String keyPrefix, String keyName, Set<Scope> scopes) {

  public boolean has(Scope needed) {
    return scopes.stream().anyMatch(s -> s.grants(needed));
  }
}
