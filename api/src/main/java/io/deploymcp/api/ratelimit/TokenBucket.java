package io.deploymcp.api.ratelimit;

/**
 * A token bucket: {@code capacity} requests at once, refilled at {@code perSecond}. Time is
 * passed in (nanoseconds) so the arithmetic is testable without sleeping.
 */
public final class TokenBucket {
  private final double capacity;
  private final double perNano;
  private double tokens;
  private long updatedAt;

  public TokenBucket(int capacity, double perSecond, long now) {
    this.capacity = capacity;
    this.perNano = perSecond / 1_000_000_000d;
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** Takes one token; returns 0 when granted, else the nanoseconds until one is available. */
  public synchronized long tryTake(long now) {
    tokens = Math.min(capacity, tokens + (now - updatedAt) * perNano);
    updatedAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / perNano);
  }
}
