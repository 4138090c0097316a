package io.deploymcp.api.auth;

import jakarta.enterprise.context.ApplicationScoped;
import io.deploymcp.api.http.BodyCaptureFilter;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.reflect.Method;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every /v1 request by its bearer key and checks the scope the resource method
 * declares with {@link RequiresScope}. Failures are thrown as problems, rendered as 401/403.
 * Webhook deliveries (/v1/webhooks/) carry no key: they are authenticated by their HMAC
 * signature in the webhook package, and without a caller no rate limit, idempotency or audit
 * filter applies to them. Operator endpoints (/v1/operator/) take the operator token instead of
 * an API key ({@link OperatorAuthenticator}) and have no caller either.
 */
@ApplicationScoped // created at first request: filters are instantiated before runtime config exists
public class AuthFilter {
  private final ApiKeyAuthenticator authenticator;
  private final OperatorAuthenticator operators;
  private final CallerContext callerContext;
  private final SessionCookieAuthenticator sessions;

  public AuthFilter(
      ApiKeyAuthenticator authenticator, OperatorAuthenticator operators, CallerContext callerContext,
      SessionCookieAuthenticator sessions) {
    this.authenticator = authenticator;
    this.operators = operators;
    this.callerContext = callerContext;
    this.sessions = sessions;
  }

  @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
  public void authenticate(ContainerRequestContext request, ResourceInfo resource) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/v1") || path.startsWith(BodyCaptureFilter.WEBHOOK_PATHS)) {
      return;
    }
    if (OperatorAuthenticator.isOperatorPath(path)) {
      operators.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
      return;
    }
    String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    Method method = resource.getResourceMethod();
    if (authorization == null && method != null && method.isAnnotationPresent(AcceptsSessionCookie.class)) {
      Optional<Caller> session = sessions.authenticate(request.getCookies());
      if (session.isPresent()) {
        callerContext.set(session.get());
        session.get().require(neededScope(resource));
        return;
      }
    }
    Caller caller = authenticator.authenticate(authorization);
    callerContext.set(caller);
    caller.require(neededScope(resource));
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
}
