package io.deploymcp.api.auth;

import jakarta.enterprise.context.ApplicationScoped;
import io.deploymcp.api.http.BodyCaptureFilter;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.reflect.Method;
import java.time.Instant;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every /v1 request by its bearer key and checks the scope the resource method
 * declares with {@link RequiresScope}. Failures are thrown as problems, rendered as 401/403.
 * Webhook deliveries (/v1/webhooks/) carry no key: they are authenticated by their HMAC
 * signature in the webhook package, and without a caller no rate limit, idempotency or audit
 * filter applies to them.
 */
@ApplicationScoped // created at first request: filters are instantiated before runtime config exists
public class AuthFilter {
  private static final String BEARER = "bearer ";

  private final ApiKeyRepository keys;
  private final CallerContext callerContext;
  private final LastUsedRecorder lastUsed;

  public AuthFilter(ApiKeyRepository keys, CallerContext callerContext, LastUsedRecorder lastUsed) {
    this.keys = keys;
    this.callerContext = callerContext;
    this.lastUsed = lastUsed;
  }

  @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
  public void authenticate(ContainerRequestContext request, ResourceInfo resource) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/v1") || path.startsWith(BodyCaptureFilter.WEBHOOK_PATHS)) {
      return;
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw unauthenticated("Missing Authorization: Bearer <api key> header");
    }
    String key = header.substring(BEARER.length()).trim();
    if (key.isEmpty() || key.length() > ApiKeys.MAX_LENGTH) {
      throw unauthenticated("The API key is not valid");
    }
    StoredKey stored =
        keys.findByHash(ApiKeys.hash(key))
            .orElseThrow(() -> unauthenticated("The API key is not valid"));
    if (stored.revokedAt() != null) {
      throw unauthenticated("The API key " + stored.prefix() + " was revoked");
    }
    if (stored.expiresAt() != null && !stored.expiresAt().isAfter(Instant.now())) {
      throw unauthenticated("The API key " + stored.prefix() + " expired");
    }
    Caller caller =
        new Caller(
            stored.tenantId(), stored.tenantName(), stored.id(), stored.prefix(), stored.name(), stored.scopes());
    callerContext.set(caller);
    lastUsed.used(stored.id());

    Scope needed = neededScope(resource);
    if (!caller.has(needed)) {
      throw new ApiProblem(
          ProblemCode.INSUFFICIENT_SCOPE,
          "This operation needs scope '" + needed.wireName() + "'; key " + caller.keyPrefix()
              + " has " + caller.scopes().stream().map(Scope::wireName).toList(),
          "Use a key with scope '" + needed.wireName() + "' (an admin creates one with POST /v1/api-keys).");
    }
  }

  private static Scope neededScope(ResourceInfo resource) {
    Method method = resource.getResourceMethod();
    if (method != null && method.isAnnotationPresent(RequiresScope.class)) {
      return method.getAnnotation(RequiresScope.class).value();
    }
    Class<?> type = resource.getResourceClass();
    if (type != null && type.isAnnotationPresent(RequiresScope.class)) {
      return type.getAnnotation(RequiresScope.class).value();
    }
    return Scope.READ;
  }

  private static ApiProblem unauthenticated(String detail) {
    return new ApiProblem(ProblemCode.UNAUTHENTICATED, detail);
  }
}
