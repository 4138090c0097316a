package io.deploymcp.api.ratelimit;

import io.deploymcp.api.auth.CallerContext;
import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Per-API-key rate limit (a token bucket per key, in memory: each API replica limits on its
 * own). Runs right after authentication; an exhausted key gets 429 with Retry-After.
 */
@ApplicationScoped // created at first request: filters are instantiated before runtime config exists
public class RateLimitFilter {
  private final CallerContext callerContext;
  private final Map<UUID, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final int burst;
  private final double perSecond;

  public RateLimitFilter(CallerContext callerContext, ApiConfig config) {
    this.callerContext = callerContext;
    this.burst = config.rateLimit().burst();
    this.perSecond = config.rateLimit().requestsPerSecond();
  }

  @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 100)
  public void limit() {
    if (!callerContext.isSet()) {
      return;
    }
    UUID key = callerContext.get().apiKeyId();
    long now = System.nanoTime();
    long waitNanos = buckets.computeIfAbsent(key, k -> new TokenBucket(burst, perSecond, now)).tryTake(now);
    if (waitNanos > 0) {
      long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
      throw new ApiProblem(
          ProblemCode.RATE_LIMITED,
          "API key " + callerContext.get().keyPrefix() + " exceeded " + perSecond + " requests per second",
          "Wait " + seconds + " s (Retry-After), then retry.",
          List.of(),
          Map.of("Retry-After", Long.toString(seconds)));
    }
  }
}
