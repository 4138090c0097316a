package io.deploymcp.api.auth;

import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import jakarta.inject.Singleton;

/**
 * Admits a request to {@code /v1/operator/**} only with the operator token: 503
 * OPERATOR_NOT_CONFIGURED without one, 403 OPERATOR_CREDENTIAL_REQUIRED for a valid tenant API key
 * (even an admin's: tenants do not operate the platform), 401 for anything else. No
 * {@link Caller} results, so rate limiting, idempotency and the tenant audit log do not apply.
 */
@Singleton
public class OperatorAuthenticator {
  private static final String BEARER = "bearer ";
  private static final String HINT =
      "Send Authorization: Bearer <operator token> (the API's DP_OPERATOR_TOKEN).";

  private final OperatorToken token;
  private final ApiKeyAuthenticator apiKeys;

  public OperatorAuthenticator(OperatorToken token, ApiKeyAuthenticator apiKeys) {
    this.token = token;
    this.apiKeys = apiKeys;
  }

  /** Whether a request path is an operator endpoint. */
  public static boolean isOperatorPath(String path) {
    return path.equals("/v1/operator") || path.startsWith("/v1/operator/");
  }

  public void authenticate(String authorizationHeader) {
    token.notConfiguredBecause().ifPresent(why -> {
      throw new ApiProblem(ProblemCode.OPERATOR_NOT_CONFIGURED, "Operator access is off: " + why);
    });
    String header = authorizationHeader;
    if (header == null || header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new ApiProblem(ProblemCode.UNAUTHENTICATED, "Missing Authorization: Bearer <operator token> header", HINT);
    }
    String presented = header.substring(BEARER.length()).trim();
    if (token.matches(presented)) {
      return;
    }
    if (isTenantKey(header)) {
      throw new ApiProblem(
          ProblemCode.OPERATOR_CREDENTIAL_REQUIRED,
          "An API key cannot call operator endpoints, whatever its scopes");
    }
    throw new ApiProblem(ProblemCode.UNAUTHENTICATED, "The operator token is not valid", HINT);
  }

  private boolean isTenantKey(String header) {
    try {
      apiKeys.authenticate(header);
      return true;
    } catch (ApiProblem notAKey) {
      return false;
    }
  }
}
