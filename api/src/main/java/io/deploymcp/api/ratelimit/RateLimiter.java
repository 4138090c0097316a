package io.deploymcp.api.ratelimit;

import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-API-key token buckets, in memory (each API replica limits on its own), shared by REST and
 * the MCP endpoint so a key has one budget whichever door it uses.
 */
@Singleton
public class RateLimiter {
  private final Map<UUID, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final int burst;
  private final double perSecond;

  public RateLimiter(ApiConfig config) {
    this.burst = config.rateLimit().burst();
    this.perSecond = config.rateLimit().requestsPerSecond();
  }

  /** Takes one token of the caller's bucket; an empty bucket is 429 RATE_LIMITED with Retry-After. */
  public void take(Caller caller) {
    long now = System.nanoTime();
    long waitNanos =
        buckets.computeIfAbsent(caller.apiKeyId(), k -> new TokenBucket(burst, perSecond, now)).tryTake(now);
    if (waitNanos > 0) {
      long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
      throw new ApiProblem(
          ProblemCode.RATE_LIMITED,
          "API key " + caller.keyPrefix() + " exceeded " + perSecond + " requests per second",
          "Wait " + seconds + " s (Retry-After), then retry.",
          List.of(),
          Map.of("Retry-After", Long.toString(seconds)));
    }
  }
}
