package io.deploymcp.api.auth;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import java.util.Set;
import java.util.UUID;

/** The authenticated API key behind a request, and the tenant it belongs to. */
public record Caller(
    UUID tenantId, String tenantName, UUID apiKeyId, String keyPrefix, String keyName, Set<Scope> scopes) {

  public boolean has(Scope needed) {
    return scopes.stream().anyMatch(s -> s.grants(needed));
  }

  /** Refuses with 403 INSUFFICIENT_SCOPE unless this key holds {@code needed}. */
  public void require(Scope needed) {
    if (!has(needed)) {
      throw new ApiProblem(
          ProblemCode.INSUFFICIENT_SCOPE,
          "This operation needs scope '" + needed.wireName() + "'; key " + keyPrefix
              + " has " + scopes.stream().sorted().map(Scope::wireName).toList(),
          "Use a key with scope '" + needed.wireName() + "' (an admin creates one with POST /v1/api-keys).");
    }
  }
}
