package io.deploymcp.api.auth;

import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Cookie;
import java.util.Map;
import java.util.Optional;

/**
 * The caller of a browser request by its dashboard session cookie, for the endpoints marked
 * {@link AcceptsSessionCookie}. There are no dashboard sessions yet (a later issue adds the
 * dashboard and its login): this finds no caller, so such a request without a bearer key is
 * refused as before. The dashboard replaces this bean's body (session lookup by cookie, same
 * {@link Caller} with the session's tenant and scopes); nothing else changes.
 */
@Singleton
public class SessionCookieAuthenticator {
  public Optional<Caller> authenticate(Map<String, Cookie> cookies) {
    return Optional.empty();
  }
}
