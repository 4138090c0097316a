package io.deploymcp.api.auth;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import java.util.Set;
import java.util.UUID;

/** The authenticated API key behind a request, the tenant it belongs to and what it may reach. */
public record Caller(
    UUID tenantId,
    String tenantName,
    UUID apiKeyId,
    String keyPrefix,
    String keyName,
    Set<Scope> scopes,
    KeyRestriction restriction) {

  public Caller {
    restriction = restriction == null ? KeyRestriction.NONE : restriction;
  }

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
