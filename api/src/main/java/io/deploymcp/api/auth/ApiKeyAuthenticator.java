package io.deploymcp.api.auth;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * Turns an {@code Authorization: Bearer <api key>} header into the {@link Caller}: the one key
 * check behind both the REST filter and the MCP endpoint. A missing, unknown, revoked or expired
 * key is an {@link ProblemCode#UNAUTHENTICATED} problem (401). Blocks on the database.
 */
@Singleton
public class ApiKeyAuthenticator {
  private static final String BEARER = "bearer ";

  private final ApiKeyRepository keys;
  private final LastUsedRecorder lastUsed;

  public ApiKeyAuthenticator(ApiKeyRepository keys, LastUsedRecorder lastUsed) {
    this.keys = keys;
    this.lastUsed = lastUsed;
  }

  public Caller authenticate(String authorizationHeader) {
    String header = authorizationHeader;
    if (header == null || header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw unauthenticated("Missing Authorization: Bearer <api key> header");
    }
    String key = header.substring(BEARER.length()).trim();
    if (key.isEmpty() || key.length() > ApiKeys.MAX_LENGTH) {
      throw unauthenticated("The API key is not valid");
    }
    StoredKey stored =
        keys.findByHash(ApiKeys.hash(key)).orElseThrow(() -> unauthenticated("The API key is not valid"));
    if (stored.revokedAt() != null) {
      throw unauthenticated("The API key " + stored.prefix() + " was revoked");
    }
    if (stored.expiresAt() != null && !stored.expiresAt().isAfter(Instant.now())) {
      throw unauthenticated("The API key " + stored.prefix() + " expired");
    }
    lastUsed.used(stored.id());
    return new Caller(
        stored.tenantId(), stored.tenantName(), stored.id(), stored.prefix(), stored.name(), stored.scopes(),
        stored.restriction());
  }

  private static ApiProblem unauthenticated(String detail) {
    return new ApiProblem(ProblemCode.UNAUTHENTICATED, detail);
  }
}
