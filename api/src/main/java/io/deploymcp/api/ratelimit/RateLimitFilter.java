package io.deploymcp.api.ratelimit;

import io.deploymcp.api.auth.CallerContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Per-API-key rate limit of the REST API. Runs right after authentication; an exhausted key
 * gets 429 with Retry-After.
 */
@ApplicationScoped // created at first request: filters are instantiated before runtime config exists
public class RateLimitFilter {
  private final CallerContext callerContext;
  private final RateLimiter limiter;

  public RateLimitFilter(CallerContext callerContext, RateLimiter limiter) {
    this.callerContext = callerContext;
    this.limiter = limiter;
  }

  @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 100)
  public void limit() {
    if (callerContext.isSet()) {
      limiter.take(callerContext.get());
    }
  }
}
